package dev.lalala.chat.room;

import dev.lalala.chat.ChatProperties;
import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.events.room.RoomEvents;
import dev.lalala.events.room.RoomModerated;
import dev.lalala.events.room.RoomModeration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Rooms as the REST API sees them: open, list, look at, rename, close, read the history. Blocking (JDBC). */
@Service
public class Rooms {

    public static final int MAX_NAME = 100;

    private final RoomRepository rooms;
    private final MessageRepository messages;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final ChatProperties properties;
    private final Clock clock;

    public Rooms(RoomRepository rooms, MessageRepository messages, Outbox outbox, TransactionTemplate tx,
            ChatProperties properties, Clock clock) {
        this.rooms = rooms;
        this.messages = messages;
        this.outbox = outbox;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    public Room create(UUID host, String name, RoomVisibility visibility) {
        String clean = name(name);
        RoomVisibility v = visibility == null ? RoomVisibility.PUBLIC : visibility;
        UUID id = UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            if (rooms.openRoomsHostedBy(host) >= properties.getRoomsPerUser()) {
                throw ApiException.conflict("too-many-rooms", "You already host " + properties.getRoomsPerUser()
                        + " open rooms; close one first.").with("limit", properties.getRoomsPerUser());
            }
            rooms.insert(id, host, clean, v, v == RoomVisibility.PRIVATE ? UUID.randomUUID() : null, Db.now(clock));
        });
        return rooms.find(id, clock.millis()).orElseThrow();
    }

    /** A room this viewer may see (a PRIVATE one only by its host and members), else 404. */
    public Room find(UUID id, UUID viewer) {
        Room room = rooms.find(id, clock.millis()).orElseThrow(() -> ApiException.notFound("room", id));
        if (!maySee(room.visibility(), room.hostId(), id, viewer)) {
            throw ApiException.notFound("room", id);
        }
        return room.as(viewer);
    }

    public CursorPage<Room> openPublicRooms(int limit, TimeIdCursor after) {
        return rooms.openPublicRooms(limit, after, clock.millis()).map(Room::withoutInviteKey);
    }

    public Room update(UUID user, UUID id, String name, RoomVisibility visibility) {
        tx.executeWithoutResult(status -> {
            RoomState state = hostedOpenRoom(user, id);
            Room current = rooms.find(id, clock.millis()).orElseThrow();
            RoomVisibility v = visibility == null ? current.visibility() : visibility;
            UUID key = v != RoomVisibility.PRIVATE ? null
                    : state.inviteKey() != null ? state.inviteKey() : UUID.randomUUID();
            rooms.rename(id, name == null ? current.name() : name(name), v, key);
        });
        return rooms.find(id, clock.millis()).orElseThrow();
    }

    public void close(UUID user, UUID id) {
        tx.executeWithoutResult(status -> {
            hostedOpenRoom(user, id);
            rooms.close(id, Db.now(clock));
            outbox.publish(RoomEvents.ROOM_MODERATED, new RoomModerated(id, user, RoomModeration.CLOSED, user));
        });
    }

    public CursorPage<RoomMessage> messages(UUID id, UUID viewer, int limit, TimeIdCursor after) {
        find(id, viewer);
        return messages.page(id, limit, after);
    }

    private boolean maySee(RoomVisibility visibility, UUID host, UUID room, UUID viewer) {
        if (visibility != RoomVisibility.PRIVATE || host.equals(viewer)) {
            return true;
        }
        if (viewer == null) {
            return false;
        }
        Optional<RoomRepository.Member> member = rooms.member(room, viewer);
        return member.isPresent() && !member.get().removed();
    }

    /** The room, locked, if it is open and the user hosts it: else 404, 409 (closed) or 403. */
    private RoomState hostedOpenRoom(UUID user, UUID id) {
        RoomState state = rooms.state(id, true).orElseThrow(() -> ApiException.notFound("room", id));
        if (!state.hostId().equals(user)) {
            if (state.visibility() == RoomVisibility.PRIVATE && !maySee(state.visibility(), state.hostId(), id, user)) {
                throw ApiException.notFound("room", id);
            }
            throw ApiException.forbidden("Only the room's host may change or close it.");
        }
        if (state.closed()) {
            throw ApiException.conflict("room-closed", "The room is closed.");
        }
        return state;
    }

    static String name(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.codePointCount(0, clean.length()) > MAX_NAME) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                    "name must be 1 to " + MAX_NAME + " characters")
                    .with("errors", List.of(new FieldError("name", "must be 1 to " + MAX_NAME + " characters")));
        }
        return clean;
    }

    Instant now() {
        return Db.now(clock);
    }
}
