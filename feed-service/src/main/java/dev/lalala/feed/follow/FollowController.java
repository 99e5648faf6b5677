package dev.lalala.feed.follow;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.defaults.security.Viewer;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who follows whom. Lists and counts are public (as on every music platform); following, blocking and suggestions
 * need the caller's token.
 */
@RestController
@RequestMapping("/api/follows")
@Tag(name = "follows", description = "The follow graph: counts and lists of followers and following")
public class FollowController {

    private final FollowGraph graph;
    private final Follows follows;
    private final Suggestions suggestions;

    public FollowController(FollowGraph graph, Follows follows, Suggestions suggestions) {
        this.graph = graph;
        this.follows = follows;
        this.suggestions = suggestions;
    }

    @PutMapping("/{userId}")
    @Operation(summary = "Follow a user (idempotent: a repeat changes nothing)",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "200", description = "Now following")
    @ApiResponse(responseCode = "400", description = "Following yourself, or userId is not a UUID")
    @ApiResponse(responseCode = "401", description = "No valid access token")
    @ApiResponse(responseCode = "403", description = "The user blocked you")
    @ApiResponse(responseCode = "404", description = "No such user (unknown or deleted)")
    public FollowStatus follow(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId) {
        return follows.follow(CurrentUser.of(jwt).id(), userId);
    }

    @DeleteMapping("/{userId}")
    @Operation(summary = "Unfollow a user (idempotent: unfollowing someone you do not follow is no error)",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "200", description = "Not following (any more)")
    @ApiResponse(responseCode = "400", description = "Unfollowing yourself, or userId is not a UUID")
    @ApiResponse(responseCode = "401", description = "No valid access token")
    public FollowStatus unfollow(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId) {
        return follows.unfollow(CurrentUser.of(jwt).id(), userId);
    }

    @GetMapping("/suggestions")
    @Operation(summary = "People to follow: followed by people you follow, ranked by how many; popular artists for "
            + "a user who follows nobody yet", security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "200", description = "Suggestions, best first")
    @ApiResponse(responseCode = "400", description = "limit is out of 1..50")
    @ApiResponse(responseCode = "401", description = "No valid access token")
    public Map<String, List<Suggestion>> suggestions(
            @Parameter(description = "How many, 1..50 (default 10)") @RequestParam(required = false) Integer limit) {
        UUID me = Viewer.current().orElseThrow(() -> ApiException.unauthorized("Suggestions need an access token."));
        int n = limit == null ? 10 : limit;
        if (n < 1 || n > Suggestions.MAX_LIMIT) {
            throw ApiException.badRequest("invalid-limit", "limit must be between 1 and " + Suggestions.MAX_LIMIT);
        }
        return Map.of("items", suggestions.forUser(me, n));
    }

    @PutMapping("/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Block a user: they stop following you, cannot follow you again and never see you in "
            + "suggestions; you stop following them", security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "204", description = "Blocked (idempotent)")
    @ApiResponse(responseCode = "400", description = "Blocking yourself")
    @ApiResponse(responseCode = "401", description = "No valid access token")
    @ApiResponse(responseCode = "404", description = "No such user")
    public void block(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId) {
        follows.block(CurrentUser.of(jwt).id(), userId);
    }

    @DeleteMapping("/blocks/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Unblock a user (idempotent)", security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "204", description = "Not blocked (any more)")
    @ApiResponse(responseCode = "401", description = "No valid access token")
    public void unblock(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID userId) {
        follows.unblock(CurrentUser.of(jwt).id(), userId);
    }

    @GetMapping("/{userId}/counts")
    @Operation(summary = "How many followers a user has, how many users they follow, and whether you follow them",
            description = "0 and 0 for a user nobody follows and who follows nobody (or who does not exist); "
                    + "followedByYou is false without a token.")
    @ApiResponse(responseCode = "200", description = "The counts")
    @ApiResponse(responseCode = "400", description = "userId is not a UUID")
    public FollowCounts counts(@PathVariable UUID userId) {
        return graph.counts(userId, Viewer.current().orElse(null));
    }

    @GetMapping("/{userId}/followers")
    @Operation(summary = "The users who follow a user, most recent follow first")
    @ApiResponse(responseCode = "200", description = "One page of followers")
    @ApiResponse(responseCode = "400", description = "userId is not a UUID, limit is out of 1..100, or the cursor "
            + "is not one this list gave out")
    public CursorPage<FollowEntry> followers(@PathVariable UUID userId,
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return graph.followers(userId, Viewer.current().orElse(null), Cursors.limit(limit), TimeIdCursor.decode(cursor));
    }

    @GetMapping("/{userId}/following")
    @Operation(summary = "The users a user follows, most recent follow first")
    @ApiResponse(responseCode = "200", description = "One page of followed users")
    @ApiResponse(responseCode = "400", description = "userId is not a UUID, limit is out of 1..100, or the cursor "
            + "is not one this list gave out")
    public CursorPage<FollowEntry> following(@PathVariable UUID userId,
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return graph.following(userId, Viewer.current().orElse(null), Cursors.limit(limit), TimeIdCursor.decode(cursor));
    }
}
