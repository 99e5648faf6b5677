package dev.lalala.chat.room;

import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.defaults.security.ReactiveViewer;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Listening rooms over REST; the live part is the socket /api/chat/ws. */
@RestController
@Tag(name = "rooms", description = "Listening rooms")
public class RoomController {

    private final Rooms rooms;
    private final TrackReactions reactions;

    public RoomController(Rooms rooms, TrackReactions reactions) {
        this.rooms = rooms;
        this.reactions = reactions;
    }

    @Schema(description = "A new room (visibility defaults to PUBLIC), or the fields of a room to change")
    public record RoomRequest(String name, RoomVisibility visibility) {
    }

    @PostMapping("/api/rooms")
    @Operation(summary = "Open a room; the caller is its host")
    @ApiResponse(responseCode = "201", description = "The room, with its id (and inviteKey when PRIVATE)")
    @ApiResponse(responseCode = "400", description = "name is missing or longer than 100 characters")
    @ApiResponse(responseCode = "401", description = "No valid token")
    @ApiResponse(responseCode = "403", description = "The caller's email is not verified yet")
    @ApiResponse(responseCode = "409", description = "The caller already hosts lalala.chat.rooms-per-user open rooms")
    public Mono<ResponseEntity<Room>> create(@RequestBody RoomRequest request) {
        return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication).map(CurrentUser::of)
                .flatMap(user -> {
                    if (!user.emailVerified()) {
                        return Mono.error(new ApiException(HttpStatus.FORBIDDEN, ProblemTypes.of("email-not-verified"),
                                "Email not verified", "Verify your email address before opening rooms."));
                    }
                    return blocking(() -> rooms.create(user.id(), request.name(), request.visibility()));
                })
                .map(room -> ResponseEntity.created(URI.create("/api/rooms/" + room.id())).body(room));
    }

    @GetMapping("/api/rooms")
    @Operation(summary = "Open public rooms, newest first, with their listeners and what they play")
    @ApiResponse(responseCode = "200", description = "One page of rooms")
    @ApiResponse(responseCode = "400", description = "limit is out of 1..100, or the cursor is not one this list gave out")
    public Mono<CursorPage<Room>> openRooms(
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return blocking(() -> rooms.openPublicRooms(size, after));
    }

    @GetMapping("/api/rooms/{id}")
    @Operation(summary = "One room, open or closed (a PRIVATE one only for its host and members)")
    @ApiResponse(responseCode = "200", description = "The room")
    @ApiResponse(responseCode = "400", description = "id is not a UUID")
    @ApiResponse(responseCode = "404", description = "No such room (or a private one the caller may not see)")
    public Mono<Room> room(@PathVariable UUID id) {
        return maybeViewer(viewer -> rooms.find(id, viewer));
    }

    @PatchMapping("/api/rooms/{id}")
    @Operation(summary = "Rename a room or change its visibility (host only)")
    @ApiResponse(responseCode = "200", description = "The room as it is now")
    @ApiResponse(responseCode = "403", description = "The caller is not the host")
    @ApiResponse(responseCode = "409", description = "The room is closed")
    public Mono<Room> update(@PathVariable UUID id, @RequestBody RoomRequest request) {
        return asViewer(user -> rooms.update(user, id, request.name(), request.visibility()));
    }

    @DeleteMapping("/api/rooms/{id}")
    @Operation(summary = "Close a room (host only): its listeners get an error frame room-closed")
    @ApiResponse(responseCode = "204", description = "Closed")
    @ApiResponse(responseCode = "403", description = "The caller is not the host")
    @ApiResponse(responseCode = "409", description = "Already closed")
    public Mono<ResponseEntity<Void>> close(@PathVariable UUID id) {
        return asViewer(user -> {
            rooms.close(user, id);
            return Boolean.TRUE;
        }).map(done -> ResponseEntity.noContent().<Void>build());
    }

    @GetMapping("/api/rooms/{id}/messages")
    @Operation(summary = "A room's chat history, newest first")
    @ApiResponse(responseCode = "200", description = "One page of messages")
    @ApiResponse(responseCode = "404", description = "No such room (or a private one the caller may not see)")
    public Mono<CursorPage<RoomMessage>> messages(@PathVariable UUID id,
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return maybeViewer(viewer -> rooms.messages(id, viewer, size, after));
    }

    @Schema(description = "A song's reactions from every room that played it: per second of the song and kind "
            + "(clap, mirrorball, heart, fire), second ascending")
    public record TrackReactionsResponse(UUID trackId, List<TrackReactions.Bucket> items) {
    }

    @GetMapping("/api/chat/tracks/{trackId}/reactions")
    @Operation(summary = "A song's reactions in listening rooms, for its waveform (public)")
    @ApiResponse(responseCode = "200", description = "Counts per second of the song and kind")
    public Mono<TrackReactionsResponse> trackReactions(@PathVariable UUID trackId) {
        return blocking(() -> new TrackReactionsResponse(trackId, reactions.of(trackId)));
    }

    private static <T> Mono<T> asViewer(Function<UUID, T> call) {
        return ReactiveViewer.current().flatMap(user -> blocking(() -> call.apply(user)));
    }

    private static <T> Mono<T> maybeViewer(Function<UUID, T> call) {
        return ReactiveViewer.current().map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(viewer -> blocking(() -> call.apply(viewer.orElse(null))));
    }

    /** JDBC blocks: off the event loop, onto the scheduler meant for it. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
