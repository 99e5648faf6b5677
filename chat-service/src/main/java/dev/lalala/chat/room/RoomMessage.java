package dev.lalala.chat.room;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(description = "A chat line: who said it, when, and where the room's song was then (trackId, positionMs; "
        + "absent when nothing played), for pinning it on the waveform.")
public record RoomMessage(UUID id, UUID roomId, UUID from, String text, UUID trackId, Long positionMs,
        Instant sentAt) {
}
