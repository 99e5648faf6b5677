package dev.lalala.playlist.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaylistCursorTest {

    @Test
    void roundTripsToTheMillisecond() {
        PlaylistCursor cursor = new PlaylistCursor(Instant.parse("2026-05-01T12:34:56.789Z"), UUID.randomUUID());
        assertThat(PlaylistCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a cursor", "bm90aGluZw"})
    void refusesCursorsWeDidNotMake(String cursor) {
        assertBadCursor(cursor);
    }

    @Test
    void refusesWellEncodedNonsense() {
        assertBadCursor(Cursors.encode("yesterday", UUID.randomUUID().toString()));
        assertBadCursor(Cursors.encode("1700000000000", "not-a-uuid"));
    }

    private static void assertBadCursor(String cursor) {
        assertThatThrownBy(() -> PlaylistCursor.decode(cursor)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status().value()).isEqualTo(400));
    }
}
