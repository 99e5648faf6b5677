package dev.lalala.playlist.playlist;

import dev.lalala.playlist.track.TrackSummary;
import java.time.Instant;
import java.util.UUID;

/**
 * One place in a playlist. {@code track} is null while this service has not heard of the song; {@code addedBy}
 * is null once that account was deleted.
 */
public record PlaylistItem(UUID itemId, UUID trackId, UUID addedBy, Instant addedAt, TrackSummary track) {
}
