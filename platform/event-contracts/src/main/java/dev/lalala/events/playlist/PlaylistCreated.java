package dev.lalala.events.playlist;

import dev.lalala.events.EventPayload;
import dev.lalala.events.Visibility;
import java.util.UUID;

public record PlaylistCreated(
        UUID playlistId, UUID ownerId, String name, String description, Visibility visibility, boolean collaborative)
        implements EventPayload {

    @Override
    public String eventKey() {
        return playlistId.toString();
    }
}
