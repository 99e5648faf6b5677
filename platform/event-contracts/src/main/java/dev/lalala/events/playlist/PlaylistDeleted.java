package dev.lalala.events.playlist;

import dev.lalala.events.EventPayload;
import java.util.UUID;

public record PlaylistDeleted(UUID playlistId, UUID ownerId) implements EventPayload {

    @Override
    public String eventKey() {
        return playlistId.toString();
    }
}
