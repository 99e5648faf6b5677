package dev.lalala.feed.follow;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Who follows whom. Public: follower lists are visible to everyone, as on every music platform. */
@RestController
@RequestMapping("/api/follows/{userId}")
@Tag(name = "follows", description = "The follow graph: counts and lists of followers and following")
public class FollowController {

    private final FollowGraph graph;

    public FollowController(FollowGraph graph) {
        this.graph = graph;
    }

    @GetMapping("/counts")
    @Operation(summary = "How many followers a user has and how many users they follow",
            description = "0 and 0 for a user nobody follows and who follows nobody (or who does not exist).")
    @ApiResponse(responseCode = "200", description = "The counts")
    @ApiResponse(responseCode = "400", description = "userId is not a UUID")
    public FollowCounts counts(@PathVariable UUID userId) {
        return graph.counts(userId);
    }

    @GetMapping("/followers")
    @Operation(summary = "The users who follow a user, most recent follow first")
    @ApiResponse(responseCode = "200", description = "One page of followers")
    @ApiResponse(responseCode = "400", description = "userId is not a UUID, limit is out of 1..100, or the cursor "
            + "is not one this list gave out")
    public CursorPage<FollowEntry> followers(@PathVariable UUID userId,
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return graph.followers(userId, Cursors.limit(limit), TimeIdCursor.decode(cursor));
    }

    @GetMapping("/following")
    @Operation(summary = "The users a user follows, most recent follow first")
    @ApiResponse(responseCode = "200", description = "One page of followed users")
    @ApiResponse(responseCode = "400", description = "userId is not a UUID, limit is out of 1..100, or the cursor "
            + "is not one this list gave out")
    public CursorPage<FollowEntry> following(@PathVariable UUID userId,
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return graph.following(userId, Cursors.limit(limit), TimeIdCursor.decode(cursor));
    }
}
