package dev.lalala.feed.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GraphCursorTest {

    @Test
    void aCursorRoundTripsTimeAndId() {
        GraphCursor cursor = new GraphCursor(Instant.parse("2026-03-01T12:34:56.789123Z"), UUID.randomUUID());

        assertThat(GraphCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(GraphCursor.atParameter(cursor)).isEqualTo("2026-03-01T12:34:56.789123Z");
        assertThat(GraphCursor.idParameter(cursor)).isEqualTo(cursor.id().toString());
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(GraphCursor.decode(null)).isNull();
        assertThat(GraphCursor.decode(" ")).isNull();
        assertThat(GraphCursor.atParameter(null)).isNull();
        assertThat(GraphCursor.idParameter(null)).isNull();
    }

    @Test
    void aCursorWeDidNotMakeIsA400() {
        for (String bad : new String[] {"not base64!", Cursors.encode("yesterday", UUID.randomUUID().toString()),
                Cursors.encode(Instant.now().toString(), "not-a-uuid"), Cursors.encode("only one part")}) {
            assertThatThrownBy(() -> GraphCursor.decode(bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().value()).isEqualTo(400);
                        assertThat(e.type()).isEqualTo(ProblemTypes.of("invalid-cursor"));
                    });
        }
    }
}
