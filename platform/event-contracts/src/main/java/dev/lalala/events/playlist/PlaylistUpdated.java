package dev.lalala.events.playlist;

import dev.lalala.events.EventPayload;
import dev.lalala.events.Visibility;
import java.util.UUID;

/** The playlist as it now stands (name, visibility, how many songs), after any change. */
public record PlaylistUpdated(
        UUID playlistId,
        UUID ownerId,
        String name,
        String description,
        Visibility visibility,
        boolean collaborative,
        int trackCount)
        implements EventPayload {

    @Override
    public String eventKey() {
        return playlistId.toString();
    }
}
