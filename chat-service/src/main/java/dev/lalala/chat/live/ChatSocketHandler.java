package dev.lalala.chat.live;

import dev.lalala.chat.ChatProperties;
import dev.lalala.chat.room.TrackReactions;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.room.Reaction;
import dev.lalala.events.room.RoomEvents;
import dev.lalala.events.room.RoomModeration;
import dev.lalala.events.room.RoomReactionSent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/chat/ws}, protocol {@code lalala.chat.v1} (docs/rooms.md): JSON text frames with a {@code type}.
 * A socket's frames are handled one after another, in order (database work on the bounded-elastic scheduler, never
 * on the event loop); {@code time} frames are answered at once so clock-sync samples are not delayed by the queue.
 * A refused frame is answered with an {@code error} frame; a socket that keeps sending refused frames is closed 1008.
 */
public class ChatSocketHandler implements WebSocketHandler {

    public static final String PROTOCOL = "lalala.chat.v1";

    static final CloseStatus ABUSE = new CloseStatus(1008, "policy: too many refused frames");
    static final CloseStatus TOO_MANY_SOCKETS = new CloseStatus(1008, "policy: too many sockets for this user");
    static final CloseStatus TOKEN_EXPIRED = new CloseStatus(1008, "policy: access token expired, reconnect with a fresh one");
    static final CloseStatus SERVER_ERROR = new CloseStatus(1011, "server error");

    /** Error codes that count as abuse (a well-behaved client never gets them). */
    private static final Set<String> STRIKES = Set.of("bad-json", "bad-frame", "unknown-type", "too-long",
            "rate-limited", "not-host");

    private static final Set<String> ROOM_FRAMES = Set.of("join", "leave", "chat", "react", "play", "pause", "seek",
            "queue.add", "skip", "mute", "unmute", "remove", "host");

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

    private final RoomHub hub;
    private final LiveRooms live;
    private final RoomSignals signals;
    private final TrackReactions reactions;
    private final Frames frames;
    private final JsonMapper json;
    private final ChatProperties properties;
    private final Clock clock;
    private final String instance;

    ChatSocketHandler(RoomHub hub, LiveRooms live, RoomSignals signals, TrackReactions reactions, Frames frames,
            JsonMapper json, ChatProperties properties, Clock clock, String instance) {
        this.hub = hub;
        this.live = live;
        this.signals = signals;
        this.reactions = reactions;
        this.frames = frames;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.instance = instance;
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(PROTOCOL);
    }

    /** Only reached without the authenticating handshake (never in this service): refuse. */
    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return session.close(new CloseStatus(1008, "policy: not authenticated"));
    }

    Mono<Void> handle(WebSocketSession socket, CurrentUser user, Instant expiresAt) {
        long now = System.nanoTime();
        LiveSession session = new LiveSession(socket, user.id(), properties.getSendQueue(),
                new TokenBucket(properties.getMessagesPerSecond(), properties.getMessagesPerSecond(), now),
                new TokenBucket(properties.getReactionsPerSecond(), properties.getReactionsPerSecond(), now),
                new TokenBucket(properties.getFramesPerSecond(), properties.getFramesPerSecond(), now),
                new TokenBucket(properties.getMaxStrikes(), 1, now));
        if (!hub.connect(session)) {
            return socket.send(Mono.just(socket.textMessage(frames.error("too-many-sockets", "You have "
                    + properties.getSocketsPerUser() + " sockets open here already.", null))))
                    .then(socket.close(TOO_MANY_SOCKETS));
        }
        session.send(frames.hello(instance, user.id(), clock.millis()), false);

        Mono<Void> out = socket.send(session.outgoing().map(socket::textMessage))
                .then(Mono.defer(() -> session.closing() != null ? socket.close(session.closing()) : Mono.empty()));
        Mono<Void> in = socket.receive()
                .map(message -> admit(session,
                        message.getType() == WebSocketMessage.Type.TEXT ? message.getPayloadAsText() : ""))
                .concatMap(frame -> onFrame(session, frame)
                        .onErrorResume(e -> {
                            log.warn("Frame from {} failed", session.user, e);
                            session.send(frames.error("internal", "The server could not handle that frame.", null),
                                    false);
                            return Mono.empty();
                        }), 16)
                .then()
                .doFinally(signal -> session.closeAfterQueued(null));
        Disposable expiry = expiresAt == null ? null
                : Mono.delay(Duration.ofMillis(Math.max(0, expiresAt.toEpochMilli() - clock.millis())))
                        .subscribe(t -> closeWith(session, "token-expired", "Your access token expired.", TOKEN_EXPIRED));
        return Mono.when(in, out)
                .onErrorResume(e -> {
                    session.close(SERVER_ERROR);
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    if (expiry != null) {
                        expiry.dispose();
                    }
                    disconnect(session);
                });
    }

    private void disconnect(LiveSession session) {
        List<UUID> rooms = List.copyOf(session.rooms);
        hub.disconnect(session);
        if (!rooms.isEmpty()) {
            blocking(() -> {
                rooms.forEach(room -> live.leave(session.id, session.user, room));
                return true;
            }).subscribe(null, e -> log.warn("Could not record that {} left {}: {}", session.user, rooms, e.toString()));
        }
    }

    /** A frame as it arrived: parsed, or refused at once (its error frame already queued). */
    private record Incoming(JsonNode frame) {
        static final Incoming REFUSED = new Incoming(null);
    }

    /**
     * What happens the moment a frame arrives, before it waits its turn: parsing, the rate limits (counted on
     * arrival, so a burst is refused however fast the server works through the queue), and {@code time} answers.
     */
    private Incoming admit(LiveSession session, String text) {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (RuntimeException e) {
            frame = null;
        }
        if (frame == null || !frame.isObject()) {
            refuse(session, "bad-json", "Frames are JSON objects with a type.", null);
            return Incoming.REFUSED;
        }
        String type = frame.path("type").asString("");
        long now = System.nanoTime();
        if (!session.frames.take(now)) {
            refuse(session, "rate-limited", "Too many frames: at most " + properties.getFramesPerSecond()
                    + " a second.", null);
            return Incoming.REFUSED;
        }
        if (type.equals("time")) {
            JsonNode sent = frame.path("clientSentAt");
            if (!sent.isNumber()) {
                refuse(session, "bad-frame", "time needs clientSentAt (your clock, epoch ms).", null);
            } else {
                session.send(frames.time(sent.asLong(), clock.millis()), false);
            }
            return Incoming.REFUSED;
        }
        if (type.equals("chat") && !session.chat.take(now)) {
            refuse(session, "rate-limited", "At most " + properties.getMessagesPerSecond() + " messages a second.",
                    uuid(frame, "roomId"));
            return Incoming.REFUSED;
        }
        if (type.equals("react") && !session.reactions.take(now)) {
            refuse(session, "rate-limited", "At most " + properties.getReactionsPerSecond() + " reactions a second.",
                    uuid(frame, "roomId"));
            return Incoming.REFUSED;
        }
        return new Incoming(frame);
    }

    private Mono<Void> onFrame(LiveSession session, Incoming incoming) {
        JsonNode frame = incoming.frame();
        if (frame == null) {
            return Mono.empty();
        }
        String type = frame.path("type").asString("");
        if (!ROOM_FRAMES.contains(type)) {
            return refuse(session, "unknown-type", "Unknown frame type '" + type + "'.", null);
        }
        UUID roomId = uuid(frame, "roomId");
        if (roomId == null) {
            return refuse(session, "bad-frame", type + " needs roomId (a UUID).", null);
        }
        if (!type.equals("join") && !session.rooms.contains(roomId)) {
            return refuse(session, "not-in-room", "Join the room first.", roomId);
        }
        JsonNode f = frame;
        try {
            return switch (type) {
                case "join" -> join(session, roomId, uuid(f, "key"));
                case "leave" -> {
                    hub.leave(session, roomId);
                    yield run(session, roomId, () -> live.leave(session.id, session.user, roomId));
                }
                case "chat" -> chat(session, roomId, f.path("text"));
                case "react" -> react(session, roomId, f.path("kind").asString(""));
                case "play" -> run(session, roomId, () -> live.playback(session.user, roomId, LiveRooms.Command.PLAY,
                        uuid(f, "trackId"), null));
                case "pause" -> run(session, roomId,
                        () -> live.playback(session.user, roomId, LiveRooms.Command.PAUSE, null, null));
                case "seek" -> {
                    JsonNode position = f.path("positionMs");
                    if (!position.isNumber()) {
                        throw new LiveException("bad-frame", "seek needs positionMs.");
                    }
                    yield run(session, roomId, () -> live.playback(session.user, roomId, LiveRooms.Command.SEEK,
                            null, position.asLong()));
                }
                case "queue.add" -> {
                    UUID track = required(f, "trackId");
                    yield run(session, roomId, () -> live.playback(session.user, roomId,
                            LiveRooms.Command.QUEUE_ADD, track, null));
                }
                case "skip" -> run(session, roomId,
                        () -> live.playback(session.user, roomId, LiveRooms.Command.SKIP, null, null));
                case "mute" -> moderate(session, roomId, RoomModeration.MUTED, required(f, "userId"));
                case "unmute" -> moderate(session, roomId, RoomModeration.UNMUTED, required(f, "userId"));
                case "remove" -> moderate(session, roomId, RoomModeration.REMOVED, required(f, "userId"));
                case "host" -> moderate(session, roomId, RoomModeration.HOST_CHANGED, required(f, "userId"));
                default -> refuse(session, "unknown-type", "Unknown frame type '" + type + "'.", roomId);
            };
        } catch (LiveException e) {
            return refuse(session, e.code, e.getMessage(), roomId);
        }
    }

    private Mono<Void> join(LiveSession session, UUID roomId, UUID key) {
        if (session.rooms.contains(roomId)) {
            return refuse(session, "already-joined", "You are in this room already.", roomId);
        }
        if (session.rooms.size() >= properties.getRoomsPerSocket()) {
            return refuse(session, "too-many-rooms", "A socket may be in " + properties.getRoomsPerSocket()
                    + " rooms at once.", roomId);
        }
        return blocking(() -> live.join(session.id, session.user, roomId, key))
                .doOnNext(joined -> {
                    hub.enter(session, joined.state(), joined.muted(), joined.listeners());
                    session.send(frames.state(roomId, joined.state(), joined.listeners(), clock.millis()), false);
                })
                .then()
                .onErrorResume(LiveException.class, e -> refuse(session, e.code, e.getMessage(), roomId));
    }

    private Mono<Void> chat(LiveSession session, UUID roomId, JsonNode textNode) {
        if (!textNode.isString() || textNode.asString().isBlank()) {
            return refuse(session, "bad-frame", "chat needs a text.", roomId);
        }
        String text = textNode.asString().strip();
        if (text.codePointCount(0, text.length()) > properties.getMaxTextLength()) {
            return refuse(session, "too-long", "A message has at most " + properties.getMaxTextLength()
                    + " characters.", roomId);
        }
        return run(session, roomId, () -> live.chat(session.user, roomId, text));
    }

    private Mono<Void> react(LiveSession session, UUID roomId, String kindName) {
        Reaction kind = TrackReactions.parse(kindName);
        if (kind == null) {
            return refuse(session, "bad-frame", "kind is one of clap, mirrorball, heart, fire.", roomId);
        }
        RoomHub.LocalRoom room = hub.room(roomId);
        if (room == null) {
            return refuse(session, "not-in-room", "Join the room first.", roomId);
        }
        if (RoomFanOut.isMuted(room, session.user)) {
            return refuse(session, "muted", "The host muted you in this room.", roomId);
        }
        long now = clock.millis();
        long position = room.state.positionAt(now);
        UUID track = room.state.trackId();
        reactions.count(track, position, kind);
        return run(session, roomId, () -> signals.send(RoomEvents.ROOM_REACTION_SENT,
                new RoomReactionSent(roomId, session.user, kind, track, position, Instant.ofEpochMilli(now))));
    }

    private Mono<Void> moderate(LiveSession session, UUID roomId, RoomModeration action, UUID target) {
        return run(session, roomId, () -> live.moderate(session.user, roomId, action, target));
    }

    /** Runs a blocking command; its refusal becomes an error frame. */
    private Mono<Void> run(LiveSession session, UUID roomId, Runnable command) {
        return blocking(() -> {
            command.run();
            return true;
        }).then().onErrorResume(LiveException.class, e -> refuse(session, e.code, e.getMessage(), roomId));
    }

    private Mono<Void> refuse(LiveSession session, String code, String message, UUID roomId) {
        session.send(frames.error(code, message, roomId), false);
        if (STRIKES.contains(code) && !session.strikes.take(System.nanoTime())) {
            session.closeAfterQueued(ABUSE);
        }
        return Mono.empty();
    }

    private void closeWith(LiveSession session, String code, String message, CloseStatus status) {
        session.send(frames.error(code, message, null), false);
        session.closeAfterQueued(status);
    }

    private static UUID uuid(JsonNode frame, String field) {
        JsonNode value = frame.path(field);
        if (!value.isString()) {
            return null;
        }
        try {
            return UUID.fromString(value.asString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID required(JsonNode frame, String field) {
        UUID id = uuid(frame, field);
        if (id == null) {
            throw new LiveException("bad-frame", "This frame needs " + field + " (a UUID).");
        }
        return id;
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
