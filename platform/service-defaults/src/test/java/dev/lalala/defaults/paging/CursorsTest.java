package dev.lalala.defaults.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void aCursorRoundTripsItsSortKey() {
        String cursor = Cursors.encode("2026-11-22T10:15:30.123Z", "7d3f1a52-4b8e-4f7a-9d61-0a1b2c3d4e5f");

        assertThat(cursor).doesNotContain("2026", "=", "/", "+");
        assertThat(Cursors.decode(cursor, 2))
                .containsExactly("2026-11-22T10:15:30.123Z", "7d3f1a52-4b8e-4f7a-9d61-0a1b2c3d4e5f");
    }

    @Test
    void aForeignCursorIsABadRequest() {
        assertThatThrownBy(() -> Cursors.decode("%%%not-base64", 2))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
        assertThatThrownBy(() -> Cursors.decode(Cursors.encode("only-one"), 2)).isInstanceOf(ApiException.class);
    }

    @Test
    void pageSizesAreBounded() {
        assertThat(Cursors.limit(null)).isEqualTo(Cursors.DEFAULT_LIMIT);
        assertThat(Cursors.limit(100)).isEqualTo(100);
        assertThatThrownBy(() -> Cursors.limit(101)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Cursors.limit(0)).isInstanceOf(ApiException.class);
    }

    @Test
    void aPageFetchedWithOneExtraRowKnowsThereIsMore() {
        CursorPage<String> more = CursorPage.of(List.of("a", "b", "c"), 2, s -> "after-" + s);
        CursorPage<String> last = CursorPage.of(List.of("a", "b"), 2, s -> "after-" + s);

        assertThat(more.items()).containsExactly("a", "b");
        assertThat(more.nextCursor()).isEqualTo("after-b");
        assertThat(last.items()).containsExactly("a", "b");
        assertThat(last.nextCursor()).isNull();
    }
}
