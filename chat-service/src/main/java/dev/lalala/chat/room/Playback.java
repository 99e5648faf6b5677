package dev.lalala.chat.room;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

@Schema(description = "What a room hears. startedAt is the server time (epoch ms) at which position 0 of the track "
        + "would have started: while playing, a client plays position = serverNow - startedAt, from its own "
        + "estimate of the server clock (time frames). positionMs is the position when this was served (while paused: "
        + "where it stopped). trackId is absent while nothing plays. queue: next songs, next first.")
public record Playback(UUID trackId, long positionMs, long startedAt, boolean paused, List<UUID> queue) {
}
