package dev.lalala.feed.activity;

import dev.lalala.feed.user.UserSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(description = "Something a followed user did: its kind, who did it, what it is about (with enough to show "
        + "it without another call) and when.")
public record FeedItem(UUID id, ActivityKind kind, UserSummary actor, Subject subject, Instant occurredAt) {

    @Schema(description = "What an activity is about. type TRACK: title, imageUrl (cover), durationMs, genre, user "
            + "(the artist). PLAYLIST: title (its name), trackCount, user (the owner). USER: title (display name), "
            + "imageUrl (avatar), user (the user followed).")
    public record Subject(String type, UUID id, String title, String imageUrl, Long durationMs, String genre,
            Integer trackCount, UserSummary user) {
    }
}
