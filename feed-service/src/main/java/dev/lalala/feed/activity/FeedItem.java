package dev.lalala.feed.activity;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(description = "Something a followed user did: its type (e.g. TRACK_PUBLISHED), who did it, what it is about "
        + "(a track, playlist or user id) and when.")
public record FeedItem(UUID id, String type, UUID actorId, UUID subjectId, Instant occurredAt) {
}
