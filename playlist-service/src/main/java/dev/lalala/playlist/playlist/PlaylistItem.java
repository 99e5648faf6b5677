package dev.lalala.playlist.playlist;

import dev.lalala.playlist.track.TrackSummary;
import dev.lalala.playlist.user.UserSummary;
import java.time.Instant;
import java.util.UUID;

/**
 * One place in a playlist. {@code track} is null while this service has not heard of the song; {@code artist}
 * (the song's owner) while it has not heard of that account; {@code addedBy} is null once that account was deleted.
 */
public record PlaylistItem(UUID itemId, UUID trackId, UUID addedBy, Instant addedAt, TrackSummary track,
        UserSummary artist) {
}
