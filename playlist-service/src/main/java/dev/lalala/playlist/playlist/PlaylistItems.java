package dev.lalala.playlist.playlist;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.playlist.PlaylistProperties;
import dev.lalala.playlist.track.TrackCard;
import dev.lalala.playlist.track.TrackCatalog;
import dev.lalala.playlist.track.TrackSummaries;
import dev.lalala.playlist.user.UserSummaries;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adding, moving and removing a playlist's songs. Every change takes the playlist's row lock first, so concurrent
 * changes apply one after the other; a move writes one row (gap-based keys), rarely all of them.
 */
@Service
public class PlaylistItems {

    private final Playlists playlists;
    private final PlaylistRepository playlistRows;
    private final PlaylistItemRepository items;
    private final PlaylistEvents events;
    private final TrackCatalog catalog;
    private final TrackSummaries summaries;
    private final UserSummaries users;
    private final PlaylistProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    PlaylistItems(Playlists playlists, PlaylistRepository playlistRows, PlaylistItemRepository items,
            PlaylistEvents events, TrackCatalog catalog, TrackSummaries summaries, UserSummaries users,
            PlaylistProperties properties, PlatformTransactionManager transactionManager, Clock clock) {
        this.playlists = playlists;
        this.playlistRows = playlistRows;
        this.items = items;
        this.events = events;
        this.catalog = catalog;
        this.summaries = summaries;
        this.users = users;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Adds a song at {@code position} (null: last). Who may is checked before track-service is asked (a deleted
     * account, or someone who may not change the list, never makes it ask), and again under the locks;
     * track-service is asked before anything is written, so when it is down nothing is.
     *
     * @param authorization the caller's Authorization header, passed to track-service
     * @return the new item's id
     */
    public UUID add(UUID caller, String authorization, UUID playlistId, UUID trackId, Integer position) {
        users.mustNotBeDeleted(caller);
        Playlist before = playlistRows.find(playlistId).orElseThrow(() -> ApiException.notFound("Playlist", playlistId));
        playlists.access(before, Optional.of(caller)).mustEditItems(playlistId);
        checkRoom(before);

        TrackCard track = catalog.visibleTrack(trackId, authorization)
                .orElseThrow(() -> ApiException.notFound("Track", trackId));
        if (!track.published()) {
            throw ApiException.conflict("track-not-published", "Only published songs can be added.");
        }

        return transactions.execute(status -> {
            users.mustBeActive(caller);
            Playlist p = playlists.locked(playlistId);
            playlists.access(p, Optional.of(caller)).mustEditItems(playlistId);
            checkRoom(p);
            summaries.rememberIfUnknown(track);
            UUID itemId = UUID.randomUUID();
            long key = keyFor(playlistId, null, position);
            Instant now = Db.now(clock);
            items.insert(playlistId, itemId, key, trackId, caller, now);
            playlistRows.itemsChanged(playlistId, 1, now);
            events.updated(playlistId);
            return itemId;
        });
    }

    /** Moves one item so that it ends at index {@code position} (past the end: last). */
    @Transactional
    public void move(UUID caller, UUID playlistId, UUID itemId, int position) {
        users.mustBeActive(caller);
        Playlist p = playlists.locked(playlistId);
        playlists.access(p, Optional.of(caller)).mustEditItems(playlistId);
        items.trackOf(playlistId, itemId).orElseThrow(() -> ApiException.notFound("Item", itemId));
        long key = keyFor(playlistId, itemId, position);
        items.setKey(itemId, key);
        playlistRows.itemsChanged(playlistId, 0, Db.now(clock));
    }

    @Transactional
    public void remove(UUID caller, UUID playlistId, UUID itemId) {
        users.mustBeActive(caller);
        Playlist p = playlists.locked(playlistId);
        playlists.access(p, Optional.of(caller)).mustEditItems(playlistId);
        if (!items.delete(playlistId, itemId)) {
            throw ApiException.notFound("Item", itemId);
        }
        playlistRows.itemsChanged(playlistId, -1, Db.now(clock));
        events.updated(playlistId);
    }

    /**
     * The key that puts an item at {@code position} among the others ({@code moving} excluded); when its
     * neighbours' keys touch, the playlist is spread out first (rare: about once per 20 moves into one slot).
     */
    private long keyFor(UUID playlistId, UUID moving, Integer position) {
        if (position == null) {
            return items.lastKey(playlistId).map(last -> last + SortKeys.GAP).orElse(SortKeys.GAP);
        }
        PlaylistItemRepository.Neighbours around = items.neighbours(playlistId, moving, position);
        OptionalLong key = SortKeys.between(around.before(), around.after());
        if (key.isPresent()) {
            return key.getAsLong();
        }
        List<UUID> order = new ArrayList<>(items.orderedIds(playlistId, moving));
        items.rekey(order);
        PlaylistItemRepository.Neighbours spread = items.neighbours(playlistId, moving, position);
        return SortKeys.between(spread.before(), spread.after()).orElseThrow();
    }

    private void checkRoom(Playlist p) {
        if (p.trackCount() >= properties.maxItems()) {
            throw ApiException.conflict("playlist-full",
                    "A playlist holds at most " + properties.maxItems() + " songs.");
        }
    }
}
