package dev.lalala.playlist.playlist;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where a newest-first list of playlists resumes: after this creation time, and this id among equals. */
public record PlaylistCursor(Instant createdAt, UUID id) {

    public static PlaylistCursor after(Playlist playlist) {
        return new PlaylistCursor(playlist.createdAt(), playlist.id());
    }

    public String encode() {
        return Cursors.encode(Long.toString(createdAt.toEpochMilli()), id.toString());
    }

    /** @throws ApiException 400 when the cursor is not one we gave out */
    public static PlaylistCursor decode(String cursor) {
        List<String> parts = Cursors.decode(cursor, 2);
        try {
            return new PlaylistCursor(Instant.ofEpochMilli(Long.parseLong(parts.get(0))), UUID.fromString(parts.get(1)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid-cursor", "The cursor is not one this list gave out.");
        }
    }
}
