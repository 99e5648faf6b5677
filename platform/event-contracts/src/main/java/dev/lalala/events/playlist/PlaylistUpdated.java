package dev.lalala.events.playlist;

import dev.lalala.events.EventPayload;
import dev.lalala.events.Visibility;
import java.util.UUID;

/**
 * The playlist as it now stands (name, visibility, how many songs, its cover), after any change. {@code coverUrl}:
 * a gateway path of the cover image (a song's cover), absent while no song in it has one.
 */
public record PlaylistUpdated(
        UUID playlistId,
        UUID ownerId,
        String name,
        String description,
        Visibility visibility,
        boolean collaborative,
        int trackCount,
        String coverUrl)
        implements EventPayload {

    @Override
    public String eventKey() {
        return playlistId.toString();
    }
}
