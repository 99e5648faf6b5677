package dev.lalala.playlist.playlist;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.Visibility;
import java.util.Optional;
import java.util.UUID;

/**
 * What someone may do with a playlist. Public and unlisted playlists are seen by anyone; a private one by its
 * owner and collaborators only, and to anyone else it does not exist (404, never 403, so ids cannot be probed).
 * Collaborators add, move and remove items; only the owner renames, changes visibility or cover, invites and
 * deletes.
 */
public enum Access {
    OWNER,
    COLLABORATOR,
    VIEWER,
    NONE;

    public static Access of(Playlist playlist, Optional<UUID> viewer, boolean collaborator) {
        if (viewer.isPresent() && playlist.ownedBy(viewer.get())) {
            return OWNER;
        }
        if (collaborator) {
            return COLLABORATOR;
        }
        return playlist.visibility() == Visibility.PRIVATE ? NONE : VIEWER;
    }

    public boolean canSee() {
        return this != NONE;
    }

    public boolean canEditItems() {
        return this == OWNER || this == COLLABORATOR;
    }

    /** 404 for those who may not see it, else nothing. */
    public Access mustSee(UUID playlistId) {
        if (!canSee()) {
            throw ApiException.notFound("Playlist", playlistId);
        }
        return this;
    }

    /** Adding, moving, removing items: 404 for those who may not see it, 403 for those who may only look. */
    public void mustEditItems(UUID playlistId) {
        mustSee(playlistId);
        if (!canEditItems()) {
            throw ApiException.forbidden("Only the owner and collaborators may change this playlist's songs.");
        }
    }

    /** Renaming, visibility, cover, collaborators, deleting: the owner's alone. */
    public void mustOwn(UUID playlistId) {
        mustSee(playlistId);
        if (this != OWNER) {
            throw ApiException.forbidden("Only the owner may change this playlist.");
        }
    }
}
