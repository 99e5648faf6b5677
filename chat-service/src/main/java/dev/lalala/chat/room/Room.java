package dev.lalala.chat.room;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(description = "A listening room. closedAt is absent while the room is open; playback is absent while "
        + "nothing plays.")
public record Room(UUID id, UUID hostId, String name, Instant createdAt, Instant closedAt, Playback playback) {
}
