package dev.lalala.defaults.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeIdCursorTest {

    @Test
    void roundTripsWithoutLosingPrecision() {
        TimeIdCursor cursor = new TimeIdCursor(Instant.parse("2026-05-01T12:34:56.789123456Z"), UUID.randomUUID());

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(TimeIdCursor.decode(encoded)).isEqualTo(cursor);
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(TimeIdCursor.decode(null)).isNull();
        assertThat(TimeIdCursor.decode(" ")).isNull();
    }

    @Test
    void readsTheEpochMillisecondCursorsGivenOutBefore() {
        UUID id = UUID.randomUUID();

        assertThat(TimeIdCursor.decode(Cursors.encode("1777638896789", id.toString())))
                .isEqualTo(new TimeIdCursor(Instant.ofEpochMilli(1777638896789L), id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor", "%%%", "bm90aGluZw", "bogus"})
    void refusesCursorsWeDidNotMake(String cursor) {
        assertBadCursor(cursor);
    }

    @Test
    void refusesWellEncodedNonsense() {
        assertBadCursor(Cursors.encode("yesterday", UUID.randomUUID().toString()));
        assertBadCursor(Cursors.encode("1700000000000", "not-a-uuid"));
        assertBadCursor(Cursors.encode("1700000000000"));
        assertBadCursor(Cursors.encode("", UUID.randomUUID().toString()));
    }

    private static void assertBadCursor(String cursor) {
        assertThatThrownBy(() -> TimeIdCursor.decode(cursor)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status().value()).isEqualTo(400));
    }
}
