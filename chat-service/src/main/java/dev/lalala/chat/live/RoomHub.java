package dev.lalala.chat.live;

import dev.lalala.chat.ChatProperties;
import dev.lalala.chat.room.RoomState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The sockets of this instance, by room, with what each room's live state is here (host, playback, muted listeners,
 * listener count over all instances), kept current by room.events. Fan-out hands one pre-written frame to every
 * socket of the room; each socket's own bounded queue takes it or skips it.
 */
@Component
public class RoomHub {

    /** A room as this instance knows it while it has sockets in it. */
    static final class LocalRoom {
        final UUID id;
        final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
        final Set<UUID> muted = ConcurrentHashMap.newKeySet();
        volatile RoomState state;
        volatile int listeners;
        volatile long lastPresenceAt;

        LocalRoom(UUID id, RoomState state) {
            this.id = id;
            this.state = state;
        }
    }

    private final Map<UUID, LocalRoom> rooms = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> socketsPerUser = new ConcurrentHashMap<>();
    private final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
    private final ChatProperties properties;

    public RoomHub(ChatProperties properties) {
        this.properties = properties;
    }

    /** Registers a new socket; false (and nothing registered) when its user has too many here. */
    boolean connect(LiveSession session) {
        AtomicInteger count = socketsPerUser.computeIfAbsent(session.user, u -> new AtomicInteger());
        if (count.incrementAndGet() > properties.getSocketsPerUser()) {
            count.decrementAndGet();
            return false;
        }
        sessions.add(session);
        return true;
    }

    void disconnect(LiveSession session) {
        if (sessions.remove(session)) {
            socketsPerUser.computeIfPresent(session.user, (u, c) -> c.decrementAndGet() <= 0 ? null : c);
        }
        for (UUID room : List.copyOf(session.rooms)) {
            leave(session, room);
        }
    }

    /** Puts the socket in the room, with the room's state as just read. */
    void enter(LiveSession session, RoomState state, Collection<UUID> muted, int listeners) {
        LocalRoom room = rooms.compute(state.id(), (id, existing) -> {
            LocalRoom r = existing != null ? existing : new LocalRoom(id, state);
            if (existing == null) {
                r.muted.addAll(muted);
            }
            r.listeners = listeners;
            return r;
        });
        room.sessions.add(session);
        session.rooms.add(state.id());
    }

    void leave(LiveSession session, UUID roomId) {
        session.rooms.remove(roomId);
        rooms.computeIfPresent(roomId, (id, room) -> {
            room.sessions.remove(session);
            return room.sessions.isEmpty() ? null : room;
        });
    }

    LocalRoom room(UUID roomId) {
        return rooms.get(roomId);
    }

    /** Hands the frame to every socket of the room here; returns how many took it. */
    int broadcast(UUID roomId, String frame, boolean droppable) {
        LocalRoom room = rooms.get(roomId);
        if (room == null) {
            return 0;
        }
        int taken = 0;
        for (LiveSession session : room.sessions) {
            if (session.send(frame, droppable)) {
                taken++;
            }
        }
        return taken;
    }

    void forEachSession(UUID roomId, Consumer<LiveSession> action) {
        LocalRoom room = rooms.get(roomId);
        if (room != null) {
            room.sessions.forEach(action);
        }
    }

    Set<LiveSession> sessions() {
        return sessions;
    }

    public int socketCount() {
        return sessions.size();
    }

    public int roomCount() {
        return rooms.size();
    }
}
