package dev.lalala.chat.room;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(description = "A listening room. closedAt is absent while the room is open. listeners: sockets in the room "
        + "now, over all chat-service instances. inviteKey: only for the host of a PRIVATE room (others join with it).")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Room(UUID id, UUID hostId, String name, RoomVisibility visibility, Instant createdAt, Instant closedAt,
        Playback playback, int listeners, UUID inviteKey) {

    Room withoutInviteKey() {
        return inviteKey == null ? this
                : new Room(id, hostId, name, visibility, createdAt, closedAt, playback, listeners, null);
    }

    /** What this viewer may see of the room (only its host sees the invite key). */
    public Room as(UUID viewer) {
        return hostId.equals(viewer) ? this : withoutInviteKey();
    }
}
