package dev.lalala.feed.activity;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own activity feed. */
@RestController
@Tag(name = "feed", description = "What the people you follow did")
public class FeedController {

    private final ActivityFeed feed;

    public FeedController(ActivityFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/api/feed")
    @Operation(summary = "The caller's feed: what the users they follow did, newest first",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "200", description = "One page of the feed")
    @ApiResponse(responseCode = "401", description = "No valid access token")
    public CursorPage<FeedItem> feed(@AuthenticationPrincipal Jwt jwt,
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return feed.feedOf(CurrentUser.of(jwt).id(), Cursors.limit(limit), TimeIdCursor.decode(cursor));
    }
}
