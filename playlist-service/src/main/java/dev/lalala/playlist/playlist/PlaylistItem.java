package dev.lalala.playlist.playlist;

import java.time.Instant;
import java.util.UUID;

/** One place in a playlist. {@code track} is null while this service has not heard of the song. */
public record PlaylistItem(int position, UUID trackId, UUID addedBy, Instant addedAt, TrackSummary track) {
}
