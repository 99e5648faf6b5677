package dev.lalala.chat.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoomCursorTest {

    @Test
    void aCursorResumesAfterTheLastRoom() {
        Room room = new Room(UUID.randomUUID(), UUID.randomUUID(), "Late night", Instant.parse(
                "2026-04-01T22:00:00.125Z"), null, null);

        RoomCursor cursor = RoomCursor.decode(RoomCursor.after(room).encode());

        assertThat(cursor).isEqualTo(new RoomCursor(room.createdAt(), room.id()));
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(RoomCursor.decode(null)).isNull();
        assertThat(RoomCursor.decode("")).isNull();
    }

    @Test
    void aCursorWeDidNotMakeIsA400() {
        for (String bad : new String[] {"%%%", Cursors.encode("x", UUID.randomUUID().toString()),
                Cursors.encode(Instant.now().toString(), "y"), Cursors.encode("a", "b", "c")}) {
            assertThatThrownBy(() -> RoomCursor.decode(bad)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.type()).isEqualTo(ProblemTypes.of("invalid-cursor")));
        }
    }

    @Test
    void timestampsAreStoredAsUtcWallClock() {
        Instant t = Instant.parse("2026-04-01T22:00:00.125Z");

        assertThat(RoomRepository.utc(t).toString()).isEqualTo("2026-04-01T22:00:00.125");
    }
}
