package dev.lalala.feed.follow;

import dev.lalala.feed.user.UserSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(description = "Someone to follow: the user; how many of the people you follow follow them (mutualCount) and "
        + "up to three of their names; for a user who follows nobody yet, popular artists with their follower count "
        + "and mutualCount 0.")
public record Suggestion(UserSummary user, long mutualCount, List<String> mutualNames, long followers,
        String reason) {

    public static final String FOLLOWED_BY_PEOPLE_YOU_FOLLOW = "FOLLOWED_BY_PEOPLE_YOU_FOLLOW";
    public static final String POPULAR_ARTIST = "POPULAR_ARTIST";
}
