package dev.lalala.chat.live;

import dev.lalala.chat.ChatProperties;
import dev.lalala.chat.room.MessageRepository;
import dev.lalala.chat.room.RoomMessage;
import dev.lalala.chat.room.RoomRepository;
import dev.lalala.chat.room.RoomState;
import dev.lalala.chat.room.RoomVisibility;
import dev.lalala.chat.track.RoomTracks;
import dev.lalala.chat.track.RoomTracks.RoomTrack;
import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.events.room.PlaybackAction;
import dev.lalala.events.room.RoomEvents;
import dev.lalala.events.room.RoomMessagePosted;
import dev.lalala.events.room.RoomModerated;
import dev.lalala.events.room.RoomModeration;
import dev.lalala.events.room.RoomPlaybackChanged;
import dev.lalala.events.room.RoomPresenceChanged;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a socket's commands do to a room: the rules and the transactions, no socket types. Blocking (JDBC), so the
 * socket handler calls it on {@code Schedulers.boundedElastic()}. Changes that must not be lost (chat lines,
 * playback, moderation) are written with their room.events event through the outbox in one transaction; presence
 * goes to Kafka directly (RoomSignals). Every instance's RoomFanOut turns the events into frames.
 */
@Service
public class LiveRooms {

    /** Longest seek: a day of audio (songs are at most 20 minutes). */
    static final long MAX_POSITION_MS = 24L * 3600 * 1000;

    public record Joined(RoomState state, List<UUID> muted, int listeners) {
    }

    enum Command {
        PLAY, PAUSE, SEEK, QUEUE_ADD, SKIP
    }

    private final RoomRepository rooms;
    private final MessageRepository messages;
    private final Outbox outbox;
    private final RoomSignals signals;
    private final RoomTracks tracks;
    private final TransactionTemplate tx;
    private final ChatProperties properties;
    private final Clock clock;
    private final String instance;

    public LiveRooms(RoomRepository rooms, MessageRepository messages, Outbox outbox, RoomSignals signals,
            RoomTracks tracks, TransactionTemplate tx, ChatProperties properties, Clock clock, ChatInstance instance) {
        this.rooms = rooms;
        this.messages = messages;
        this.outbox = outbox;
        this.signals = signals;
        this.tracks = tracks;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
        this.instance = instance.id();
    }

    public Joined join(UUID session, UUID user, UUID roomId, UUID key) {
        Joined joined = tx.execute(status -> {
            RoomState state = rooms.state(roomId, false)
                    .orElseThrow(() -> new LiveException("room-not-found", "No room " + roomId + "."));
            Optional<RoomRepository.Member> member = rooms.member(roomId, user);
            if (state.visibility() == RoomVisibility.PRIVATE && !state.hostId().equals(user)
                    && member.isEmpty() && (key == null || !key.equals(state.inviteKey()))) {
                throw new LiveException("room-not-found", "No room " + roomId + ".");
            }
            if (state.closed()) {
                throw new LiveException("room-closed", "The room is closed.");
            }
            if (member.isPresent() && member.get().removed()) {
                throw new LiveException("removed", "The host removed you from this room.");
            }
            // One count per join: counting the room's listeners scans them, and a join of the 3,000th listener
            // counted three times. The transaction reads one snapshot, so after the insert it is this count plus one.
            int listeners = rooms.listeners(roomId);
            if (listeners >= properties.getListenersPerRoom()) {
                throw new LiveException("room-full", "The room has " + properties.getListenersPerRoom()
                        + " listeners, its limit.");
            }
            rooms.addListener(roomId, session, user, instance, Db.now(clock));
            return new Joined(state, rooms.muted(roomId), listeners + 1);
        });
        signals.send(RoomEvents.ROOM_PRESENCE_CHANGED,
                new RoomPresenceChanged(roomId, user, true, joined.listeners()));
        return joined;
    }

    /** The socket leaves the room; a host whose last socket leaves hands the role on, or the room pauses. */
    public void leave(UUID session, UUID user, UUID roomId) {
        Integer listeners = tx.execute(status -> {
            if (!rooms.removeListener(roomId, session)) {
                return null;
            }
            RoomState state = rooms.state(roomId, false).orElse(null);
            if (state != null && !state.closed() && state.hostId().equals(user) && !rooms.isListening(roomId, user)) {
                hostLeft(rooms.state(roomId, true).orElseThrow(), user);
            }
            return rooms.listeners(roomId);
        });
        if (listeners != null) {
            signals.send(RoomEvents.ROOM_PRESENCE_CHANGED, new RoomPresenceChanged(roomId, user, false, listeners));
        }
    }

    private void hostLeft(RoomState state, UUID host) {
        if (!state.hostId().equals(host)) {
            return;
        }
        Optional<UUID> next = rooms.longestListener(state.id(), host);
        if (next.isPresent()) {
            rooms.setHost(state.id(), next.get());
            outbox.publish(RoomEvents.ROOM_MODERATED,
                    new RoomModerated(state.id(), host, RoomModeration.HOST_CHANGED, next.get()));
        } else if (state.trackId() != null && !state.paused()) {
            long now = clock.millis();
            long position = state.positionAt(now);
            save(state, host, PlaybackAction.PAUSE,
                    state.withPlayback(state.trackId(), now - position, position, true, state.queue()), now);
        }
    }

    public RoomMessage chat(UUID user, UUID roomId, String text) {
        return tx.execute(status -> {
            RoomState state = openRoom(roomId, false);
            if (rooms.member(roomId, user).map(RoomRepository.Member::muted).orElse(false)) {
                throw new LiveException("muted", "The host muted you in this room.");
            }
            Instant now = Db.now(clock);
            Long position = state.trackId() == null ? null : state.positionAt(now.toEpochMilli());
            RoomMessage message = new RoomMessage(UUID.randomUUID(), roomId, user, text, state.trackId(), position,
                    now);
            messages.insert(message);
            outbox.publish(RoomEvents.ROOM_MESSAGE_POSTED, new RoomMessagePosted(roomId, message.id(), user, text,
                    state.trackId(), position == null ? -1 : position, now));
            return message;
        });
    }

    public RoomState playback(UUID user, UUID roomId, Command command, UUID trackId, Long positionMs) {
        return tx.execute(status -> {
            RoomState state = openRoom(roomId, true);
            mustHost(state, user);
            long now = clock.millis();
            long position = state.positionAt(now);
            List<UUID> queue = new ArrayList<>(state.queue());
            return switch (command) {
                case PLAY -> {
                    if (trackId != null) {
                        playable(trackId, state.hostId());
                        yield save(state, user, PlaybackAction.PLAY,
                                state.withPlayback(trackId, now, 0, false, queue), now);
                    }
                    requirePlaying(state);
                    // A song that played to its end (auto-advance paused it there) starts again from the top.
                    Long duration = durationOf(state.trackId());
                    long from = duration != null && position >= duration ? 0 : position;
                    yield save(state, user, PlaybackAction.RESUME,
                            state.withPlayback(state.trackId(), now - from, from, false, queue), now);
                }
                case PAUSE -> {
                    requirePlaying(state);
                    yield save(state, user, PlaybackAction.PAUSE,
                            state.withPlayback(state.trackId(), now - position, position, true, queue), now);
                }
                case SEEK -> {
                    requirePlaying(state);
                    if (positionMs == null || positionMs < 0 || positionMs > MAX_POSITION_MS) {
                        throw new LiveException("bad-frame", "seek needs positionMs between 0 and " + MAX_POSITION_MS);
                    }
                    yield save(state, user, PlaybackAction.SEEK,
                            state.withPlayback(state.trackId(), now - positionMs, positionMs, state.paused(), queue),
                            now);
                }
                case QUEUE_ADD -> {
                    if (queue.size() >= properties.getMaxQueue()) {
                        throw new LiveException("queue-full", "The queue holds " + properties.getMaxQueue()
                                + " songs at most.");
                    }
                    playable(trackId, state.hostId());
                    queue.add(trackId);
                    yield save(state, user, PlaybackAction.QUEUE, state.withPlayback(state.trackId(),
                            state.startedAt(), state.positionMs(), state.paused(), queue), now);
                }
                case SKIP -> {
                    if (queue.isEmpty()) {
                        yield save(state, user, PlaybackAction.STOP, state.withPlayback(null, 0, 0, true, queue), now);
                    }
                    UUID next = queue.remove(0);
                    yield save(state, user, PlaybackAction.SKIP, state.withPlayback(next, now, 0, false, queue), now);
                }
            };
        });
    }

    /** Mute, unmute, remove a listener, or hand the host role over: host only. */
    public void moderate(UUID user, UUID roomId, RoomModeration action, UUID target) {
        Integer listeners = tx.execute(status -> {
            RoomState state = openRoom(roomId, true);
            mustHost(state, user);
            if (target.equals(user)) {
                throw new LiveException("bad-frame", "The host cannot do that to themself.");
            }
            Instant now = Db.now(clock);
            Optional<RoomRepository.Member> member = rooms.member(roomId, target);
            if (member.isEmpty()) {
                throw new LiveException("not-a-member", "That user has never been in this room.");
            }
            Integer after = null;
            switch (action) {
                case MUTED -> rooms.setMember(roomId, target, true, member.get().removed(), now);
                case UNMUTED -> rooms.setMember(roomId, target, false, member.get().removed(), now);
                case REMOVED -> {
                    rooms.setMember(roomId, target, member.get().muted(), true, now);
                    rooms.removeUser(roomId, target);
                    after = rooms.listeners(roomId);
                }
                case HOST_CHANGED -> {
                    if (!rooms.isListening(roomId, target)) {
                        throw new LiveException("not-in-room", "The new host must be in the room.");
                    }
                    rooms.setHost(roomId, target);
                }
                default -> throw new LiveException("bad-frame", "Not a moderation.");
            }
            outbox.publish(RoomEvents.ROOM_MODERATED, new RoomModerated(roomId, user, action, target));
            return after;
        });
        if (listeners != null) {
            signals.send(RoomEvents.ROOM_PRESENCE_CHANGED, new RoomPresenceChanged(roomId, target, false, listeners));
        }
    }

    /**
     * Moves every room whose song has ended on to its next queued song (a queued song that became unplayable
     * meanwhile is passed over), or pauses it at the end of the song when the queue is empty. Every instance calls
     * this on a timer; each room advances once: the room row is locked only if its playback version is still the
     * one seen, so the instance that comes second finds it moved on (RoomRepository#lockIfStillEnded).
     *
     * @return how many rooms this call moved on
     */
    public int advanceDue() {
        Instant now = Db.now(clock);
        int advanced = 0;
        for (RoomRepository.Due due : rooms.songEnded(now, 100)) {
            Boolean moved = tx.execute(status -> {
                if (!rooms.lockIfStillEnded(due, now)) {
                    return false;
                }
                RoomState state = rooms.state(due.id(), true).orElseThrow();
                long at = now.toEpochMilli();
                List<UUID> queue = new ArrayList<>(state.queue());
                while (!queue.isEmpty()) {
                    UUID next = queue.remove(0);
                    if (tracks.find(next).filter(t -> t.ready() && t.visibleTo(state.hostId())).isPresent()) {
                        save(state, state.hostId(), PlaybackAction.SKIP, state.withPlayback(next, at, 0, false, queue),
                                at);
                        return true;
                    }
                }
                Long duration = durationOf(state.trackId());
                long end = duration == null ? state.positionAt(at) : duration;
                save(state, state.hostId(), PlaybackAction.PAUSE,
                        state.withPlayback(state.trackId(), at - end, end, true, queue), at);
                return true;
            });
            if (Boolean.TRUE.equals(moved)) {
                advanced++;
            }
        }
        return advanced;
    }

    /** Forgets this instance's sockets of an earlier life (they died with it). */
    public int forgetOwnListeners() {
        return rooms.forgetInstance(instance);
    }

    private RoomState save(RoomState before, UUID host, PlaybackAction action, RoomState after, long now) {
        Long duration = after.trackId() == null || after.paused() ? null : durationOf(after.trackId());
        rooms.savePlayback(before.id(), after,
                duration == null ? null : Instant.ofEpochMilli(after.startedAt() + duration));
        long position = after.positionAt(now);
        outbox.publish(RoomEvents.ROOM_PLAYBACK_CHANGED, new RoomPlaybackChanged(before.id(), host, action,
                after.trackId(), (int) (position / 5000), after.trackId() == null ? 0 : now - position,
                after.paused(), now, position, after.queue()));
        return after;
    }

    private RoomState openRoom(UUID roomId, boolean lock) {
        RoomState state = rooms.state(roomId, lock)
                .orElseThrow(() -> new LiveException("room-not-found", "No room " + roomId + "."));
        if (state.closed()) {
            throw new LiveException("room-closed", "The room is closed.");
        }
        return state;
    }

    /** A song this room may play: known, not deleted, public or the host's own, and READY; else an error frame. */
    private RoomTrack playable(UUID trackId, UUID host) {
        RoomTrack track = tracks.find(trackId).filter(t -> t.visibleTo(host)).orElseThrow(() -> new LiveException(
                "track-not-found", "No song " + trackId + " this room can play (it must be public, or yours)."));
        if (!track.ready()) {
            throw new LiveException("track-not-ready", "That song is still being processed: play it once it is ready.");
        }
        return track;
    }

    private Long durationOf(UUID trackId) {
        return trackId == null ? null : tracks.find(trackId).map(RoomTrack::durationMs).orElse(null);
    }

    private static void mustHost(RoomState state, UUID user) {
        if (!state.hostId().equals(user)) {
            throw new LiveException("not-host", "Only the room's host may do that.");
        }
    }

    private static void requirePlaying(RoomState state) {
        if (state.trackId() == null) {
            throw new LiveException("nothing-playing", "Nothing is playing: play a track first.");
        }
    }
}
