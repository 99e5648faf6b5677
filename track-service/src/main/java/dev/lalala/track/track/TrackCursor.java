package dev.lalala.track.track;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where a newest-first list of songs resumes: after this time (what the list is ordered by: publication for an
 * artist's public songs, upload for the owner's own), and this id among equals.
 */
public record TrackCursor(Instant at, UUID id) {

    /** In a list ordered by publication. */
    public static TrackCursor after(Track track) {
        return new TrackCursor(track.publishedAt(), track.id());
    }

    /** In a list ordered by upload. */
    public static TrackCursor afterUpload(Track track) {
        return new TrackCursor(track.createdAt(), track.id());
    }

    public String encode() {
        return Cursors.encode(Long.toString(at.toEpochMilli()), id.toString());
    }

    /** @throws ApiException 400 when the cursor is not one we gave out */
    public static TrackCursor decode(String cursor) {
        List<String> parts = Cursors.decode(cursor, 2);
        try {
            return new TrackCursor(Instant.ofEpochMilli(Long.parseLong(parts.get(0))), UUID.fromString(parts.get(1)));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid-cursor", "The cursor is not one this list gave out.");
        }
    }
}
