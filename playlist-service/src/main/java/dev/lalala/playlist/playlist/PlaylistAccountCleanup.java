package dev.lalala.playlist.playlist;

import dev.lalala.defaults.jdbc.Db;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Everything playlists hold about a deleted account (see AccountRemoval for what stays and why). */
@Component
public class PlaylistAccountCleanup {

    private final PlaylistRepository playlists;
    private final PlaylistItemRepository items;
    private final PlaylistEvents events;
    private final Clock clock;

    PlaylistAccountCleanup(PlaylistRepository playlists, PlaylistItemRepository items, PlaylistEvents events,
            Clock clock) {
        this.playlists = playlists;
        this.items = items;
        this.events = events;
        this.clock = clock;
    }

    /** Joins the subscription's transaction (the processed-event id is recorded in it). */
    @Transactional
    public void removeUser(UUID userId) {
        for (UUID id : playlists.ownedBy(userId)) {
            playlists.lock(id).ifPresent(p -> {
                playlists.delete(id);
                events.deleted(id, userId);
            });
        }
        for (UUID id : playlists.collaboratingOn(userId)) {
            if (playlists.lock(id).isPresent() && playlists.removeCollaborator(id, userId, Db.now(clock))) {
                events.updated(id);
            }
        }
        playlists.forgetLikesBy(userId);
        items.forgetAddedBy(userId);
    }
}
