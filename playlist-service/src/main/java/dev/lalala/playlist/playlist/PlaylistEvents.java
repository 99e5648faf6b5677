package dev.lalala.playlist.playlist;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistDeleted;
import dev.lalala.events.playlist.PlaylistUpdated;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What playlists announce on playlist.events, through the outbox, in the transaction of the change: created,
 * updated (details, songs added or removed, collaborators; the full state as it now stands, so search and feed
 * catch up on any one of them), deleted. Moves change no field of the event and announce nothing.
 */
@Component
class PlaylistEvents {

    private final Outbox outbox;
    private final PlaylistRepository playlists;

    PlaylistEvents(Outbox outbox, PlaylistRepository playlists) {
        this.outbox = outbox;
        this.playlists = playlists;
    }

    void created(Playlist p) {
        outbox.publish(dev.lalala.events.playlist.PlaylistEvents.PLAYLIST_CREATED, new PlaylistCreated(p.id(),
                p.ownerId(), p.name(), p.description(), p.visibility(), p.collaborative()));
    }

    /** The playlist as it stands now in this transaction. */
    void updated(UUID id) {
        Playlist p = playlists.find(id).orElseThrow();
        outbox.publish(dev.lalala.events.playlist.PlaylistEvents.PLAYLIST_UPDATED, new PlaylistUpdated(p.id(),
                p.ownerId(), p.name(), p.description(), p.visibility(), p.collaborative(), p.trackCount(),
                playlists.coverUrl(id).orElse(null)));
    }

    void deleted(UUID id, UUID ownerId) {
        outbox.publish(dev.lalala.events.playlist.PlaylistEvents.PLAYLIST_DELETED, new PlaylistDeleted(id, ownerId));
    }
}
