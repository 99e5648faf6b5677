package dev.lalala.chat.room;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Listening rooms anyone can look at. */
@RestController
@RequestMapping("/api/rooms")
@Tag(name = "rooms", description = "Listening rooms")
public class RoomController {

    private final RoomRepository rooms;

    public RoomController(RoomRepository rooms) {
        this.rooms = rooms;
    }

    @GetMapping
    @Operation(summary = "The open rooms, newest first")
    @ApiResponse(responseCode = "200", description = "One page of open rooms")
    @ApiResponse(responseCode = "400", description = "limit is out of 1..100, or the cursor is not one this list "
            + "gave out")
    public Mono<CursorPage<Room>> openRooms(
            @Parameter(description = "Page size, 1..100 (default 20)") @RequestParam(required = false) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return blocking(() -> rooms.openRooms(size, after));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One room, open or closed, with what it is playing")
    @ApiResponse(responseCode = "200", description = "The room")
    @ApiResponse(responseCode = "400", description = "id is not a UUID")
    @ApiResponse(responseCode = "404", description = "No such room")
    public Mono<Room> room(@PathVariable UUID id) {
        return blocking(() -> rooms.find(id))
                .flatMap(room -> room.map(Mono::just).orElseGet(() -> Mono.error(ApiException.notFound("room", id))));
    }

    /** JDBC blocks: off the event loop, onto the scheduler meant for it. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
