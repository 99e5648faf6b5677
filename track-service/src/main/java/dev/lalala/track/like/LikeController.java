package dev.lalala.track.like;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.track.track.TrackView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Liking songs and listing what one liked. */
@RestController
@Tag(name = "Likes", description = "Liking songs")
class LikeController {

    /** The caller's like of a song, after the change. */
    record LikeState(UUID trackId, boolean liked, long likeCount) {
    }

    private final Likes likes;

    LikeController(Likes likes) {
        this.likes = likes;
    }

    @PutMapping(path = "/api/tracks/{id}/like", produces = "application/json")
    @Operation(summary = "Like a song", description = "Idempotent: liking again changes nothing.")
    @ApiResponse(responseCode = "200", description = "Liked")
    @ProblemResponses.NotFound
    LikeState like(@PathVariable UUID id, Authentication authentication) {
        return new LikeState(id, true, likes.like(CurrentUser.of(authentication).id(), id));
    }

    @DeleteMapping(path = "/api/tracks/{id}/like", produces = "application/json")
    @Operation(summary = "Unlike a song", description = "Idempotent: unliking what is not liked changes nothing.")
    @ApiResponse(responseCode = "200", description = "Not liked")
    @ProblemResponses.NotFound
    LikeState unlike(@PathVariable UUID id, Authentication authentication) {
        return new LikeState(id, false, likes.unlike(CurrentUser.of(authentication).id(), id));
    }

    @GetMapping(path = "/api/tracks/{id}/like", produces = "application/json")
    @Operation(summary = "Whether the caller likes a song")
    LikeState liked(@PathVariable UUID id, Authentication authentication) {
        UUID user = CurrentUser.of(authentication).id();
        return new LikeState(id, likes.likes(user, id), likes.track(user, id).likeCount());
    }

    @GetMapping(path = "/api/tracks/liked", produces = "application/json")
    @Operation(summary = "The songs the caller liked, newest like first")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<TrackView> likedSongs(
            Authentication authentication,
            @RequestParam(required = false) @Parameter(description = "Page size, 1 to 100 (default 20)") Integer limit,
            @RequestParam(required = false) String cursor) {
        UUID user = CurrentUser.of(authentication).id();
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return CursorPage.of(likes.liked(user, after == null ? null : after.at(), after == null ? null : after.id(),
                                size + 1), size,
                        l -> new TimeIdCursor(l.likedAt(), l.track().id()).encode())
                .map(l -> TrackView.of(l.track(), l.track().ownedBy(user)));
    }
}
