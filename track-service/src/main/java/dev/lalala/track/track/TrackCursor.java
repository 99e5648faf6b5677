package dev.lalala.track.track;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where a newest-first list of published songs resumes: after this publication time, and this id among equals. */
public record TrackCursor(Instant publishedAt, UUID id) {

    public static TrackCursor after(Track track) {
        return new TrackCursor(track.publishedAt(), track.id());
    }

    public String encode() {
        return Cursors.encode(Long.toString(publishedAt.toEpochMilli()), id.toString());
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
