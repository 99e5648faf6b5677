package dev.lalala.chat.room;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

@Schema(description = "What a room hears: the track, the segment the host started (or paused) at, the server time "
        + "(epoch ms) at which segment 0 of the track would have started, and whether it is paused. A client "
        + "plays position = serverNow - startedAtServerMs, from its own estimate of the server clock.")
public record Playback(UUID trackId, int segment, long startedAtServerMs, boolean paused) {
}
