package dev.lalala.playlist.playlist;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.Visibility;
import dev.lalala.playlist.PlaylistProperties;
import dev.lalala.playlist.user.UserSummaries;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, showing, changing and deleting playlists; collaborators and likes. No HTTP here. Every write first
 * checks that the caller's account still exists ({@link UserSummaries#mustBeActive}), before any other lock.
 */
@Service
public class Playlists {

    private final PlaylistRepository playlists;
    private final PlaylistItemRepository items;
    private final PlaylistEvents events;
    private final UserSummaries users;
    private final PlaylistProperties properties;
    private final Clock clock;

    Playlists(PlaylistRepository playlists, PlaylistItemRepository items, PlaylistEvents events,
            UserSummaries users, PlaylistProperties properties, Clock clock) {
        this.playlists = playlists;
        this.items = items;
        this.events = events;
        this.users = users;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Playlist create(UUID owner, PlaylistRequests.NewPlaylist request) {
        users.mustBeActive(owner);
        if (playlists.countOwnedBy(owner) >= properties.maxPlaylistsPerUser()) {
            throw ApiException.conflict("too-many-playlists",
                    "A user keeps at most " + properties.maxPlaylistsPerUser() + " playlists.");
        }
        Instant now = Db.now(clock);
        Playlist playlist = new Playlist(UUID.randomUUID(), owner, request.name().strip(),
                blankToNull(request.description()),
                request.visibility() == null ? Visibility.PUBLIC : request.visibility(), false, null, 0, 0, 0, now,
                now);
        playlists.insert(playlist);
        events.created(playlist);
        return playlist;
    }

    @Transactional(readOnly = true)
    public PlaylistView show(UUID id, Optional<UUID> viewer) {
        Playlist playlist = playlists.find(id).orElseThrow(() -> ApiException.notFound("Playlist", id));
        Access access = access(playlist, viewer).mustSee(id);
        boolean liked = viewer.map(v -> playlists.likes(id, v)).orElse(false);
        return PlaylistView.of(playlist, users.find(playlist.ownerId()).orElse(null), items.items(id),
                playlists.collaborators(id), access, liked, viewer);
    }

    @Transactional
    public void change(UUID caller, UUID id, PlaylistRequests.PlaylistChange change) {
        users.mustBeActive(caller);
        Playlist p = locked(id);
        access(p, Optional.of(caller)).mustOwn(id);
        String name = p.name();
        if (change.nameSent()) {
            if (change.getName() == null || change.getName().isBlank()
                    || change.getName().strip().length() > Playlist.MAX_NAME) {
                throw ApiException.badRequest("validation",
                        "name must be 1 to " + Playlist.MAX_NAME + " characters.");
            }
            name = change.getName().strip();
        }
        String description = p.description();
        if (change.descriptionSent()) {
            if (change.getDescription() != null && change.getDescription().length() > Playlist.MAX_DESCRIPTION) {
                throw ApiException.badRequest("validation",
                        "description must be at most " + Playlist.MAX_DESCRIPTION + " characters.");
            }
            description = blankToNull(change.getDescription());
        }
        Visibility visibility = change.getVisibility() == null ? p.visibility() : change.getVisibility();
        UUID cover = p.coverTrackId();
        if (change.coverSent()) {
            cover = change.getCoverTrackId();
            if (cover != null && !items.contains(id, cover)) {
                throw ApiException.badRequest("cover-not-in-playlist",
                        "The cover must be the cover of a song in this playlist.");
            }
        }
        playlists.updateDetails(id, name, description, visibility, cover, Db.now(clock));
        events.updated(id);
    }

    @Transactional
    public void delete(UUID caller, UUID id) {
        users.mustBeActive(caller);
        Playlist p = locked(id);
        access(p, Optional.of(caller)).mustOwn(id);
        playlists.delete(id);
        events.deleted(id, p.ownerId());
    }

    // Collaborators

    @Transactional
    public void addCollaborator(UUID caller, UUID id, UUID user) {
        users.mustBeActive(caller);
        users.mustExist(user);
        Playlist p = locked(id);
        access(p, Optional.of(caller)).mustOwn(id);
        if (p.ownedBy(user)) {
            throw ApiException.badRequest("owner-not-collaborator", "The owner cannot be their own collaborator.");
        }
        List<UUID> current = playlists.collaborators(id);
        if (current.contains(user)) {
            return;
        }
        if (current.size() >= properties.maxCollaborators()) {
            throw ApiException.conflict("too-many-collaborators",
                    "A playlist has at most " + properties.maxCollaborators() + " collaborators.");
        }
        playlists.addCollaborator(id, user, Db.now(clock));
        events.updated(id);
    }

    /** The owner removes a collaborator, or a collaborator leaves. */
    @Transactional
    public void removeCollaborator(UUID caller, UUID id, UUID user) {
        users.mustBeActive(caller);
        Playlist p = locked(id);
        Access access = access(p, Optional.of(caller)).mustSee(id);
        if (!(access == Access.OWNER || (access == Access.COLLABORATOR && caller.equals(user)))) {
            throw ApiException.forbidden("Only the owner removes collaborators; a collaborator may leave.");
        }
        if (playlists.removeCollaborator(id, user, Db.now(clock))) {
            events.updated(id);
        }
    }

    // Likes

    @Transactional
    public void like(UUID caller, UUID id) {
        users.mustBeActive(caller);
        Playlist p = playlists.find(id).orElseThrow(() -> ApiException.notFound("Playlist", id));
        Access access = access(p, Optional.of(caller)).mustSee(id);
        if (access == Access.OWNER) {
            throw ApiException.conflict("own-playlist", "Your own playlists are yours already.");
        }
        playlists.like(id, caller, Db.now(clock));
    }

    @Transactional
    public void unlike(UUID caller, UUID id) {
        users.mustBeActive(caller);
        playlists.unlike(id, caller);
    }

    // Lists

    @Transactional(readOnly = true)
    public CursorPage<PlaylistSummaryView> publicByOwner(UUID owner, TimeIdCursor after, int limit) {
        return page(playlists.publicByOwner(owner, after, limit + 1), limit);
    }

    @Transactional(readOnly = true)
    public CursorPage<PlaylistSummaryView> mine(UUID user, TimeIdCursor after, int limit) {
        return page(playlists.mine(user, after, limit + 1), limit);
    }

    @Transactional(readOnly = true)
    public CursorPage<PlaylistSummaryView> liked(UUID user, TimeIdCursor after, int limit) {
        return page(playlists.liked(user, after, limit + 1), limit);
    }

    private static CursorPage<PlaylistSummaryView> page(List<PlaylistRepository.ListedPlaylist> fetched, int limit) {
        return CursorPage.of(fetched, limit, l -> new TimeIdCursor(l.sortedAt(), l.playlist().id()).encode())
                .map(PlaylistSummaryView::of);
    }

    Playlist locked(UUID id) {
        return playlists.lock(id).orElseThrow(() -> ApiException.notFound("Playlist", id));
    }

    Access access(Playlist p, Optional<UUID> viewer) {
        boolean collaborator = viewer.isPresent() && !p.ownedBy(viewer.get())
                && playlists.isCollaborator(p.id(), viewer.get());
        return Access.of(p, viewer, collaborator);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
