package dev.lalala.events.contract;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;
import dev.lalala.events.Visibility;
import dev.lalala.events.follow.UserFollowed;
import dev.lalala.events.follow.UserUnfollowed;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistDeleted;
import dev.lalala.events.playlist.PlaylistUpdated;
import dev.lalala.events.room.PlaybackAction;
import dev.lalala.events.room.Reaction;
import dev.lalala.events.room.RoomMessagePosted;
import dev.lalala.events.room.RoomModerated;
import dev.lalala.events.room.RoomModeration;
import dev.lalala.events.room.RoomPlaybackChanged;
import dev.lalala.events.room.RoomPresenceChanged;
import dev.lalala.events.room.RoomReactionSent;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackProcessingProgressed;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUnliked;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.track.TrackUploaded;
import dev.lalala.events.user.EmailVerified;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.events.user.UserRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The contract of every event: one example payload per type, and its pinned JSON in
 * {@code contracts/<Type>.v<version>.json}. Producers assert that what they send reads as the same shape;
 * consumers feed the JSON files to their handlers. Shipped to other modules as this module's test-jar.
 */
public final class ContractExamples {

    public static final UUID USER = UUID.fromString("7d3f1a52-4b8e-4f7a-9d61-0a1b2c3d4e5f");
    public static final UUID OTHER_USER = UUID.fromString("1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5");
    public static final UUID TRACK = UUID.fromString("5b6c7d8e-9fa0-4b1c-8d2e-3f4a5b6c7d8e");
    public static final UUID PLAYLIST = UUID.fromString("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    public static final UUID ROOM = UUID.fromString("2f3e4d5c-6b7a-4980-8f7e-6d5c4b3a2f1e");
    public static final UUID MESSAGE = UUID.fromString("3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d");
    public static final UUID PLAY = UUID.fromString("4b5c6d7e-8f9a-4b0c-8d1e-2f3a4b5c6d7e");
    public static final Instant AT = Instant.parse("2026-11-22T10:15:30.123Z");

    /** One example payload per event type name. */
    public static final Map<String, EventPayload> PAYLOADS = Map.ofEntries(
            Map.entry("UserRegistered", new UserRegistered(USER, "mina@example.com", "Mina", "mina", AT)),
            Map.entry("EmailVerified", new EmailVerified(USER, "mina@example.com", AT)),
            Map.entry("ProfileUpdated",
                    new ProfileUpdated(USER, "mina", "Mina 민아", "synths at dawn", "/api/users/" + USER + "/avatar",
                            UserRole.ARTIST)),
            Map.entry("UserDeleted", new UserDeleted(USER, AT)),
            Map.entry("TrackUploaded",
                    new TrackUploaded(TRACK, USER, "새벽 Dawn", "electronic", List.of("synth", "ambient"),
                            Visibility.PUBLIC, "dawn.flac", 31_457_280L)),
            Map.entry("TrackProcessingProgressed",
                    new TrackProcessingProgressed(TRACK, USER, ProcessingStage.SEGMENTING, 40,
                            ProcessingStatus.PROCESSING, null)),
            Map.entry("TrackPublished",
                    new TrackPublished(TRACK, USER, "새벽 Dawn", "electronic", List.of("synth", "ambient"),
                            "Recorded at 5 a.m.", Visibility.PUBLIC, 215_000L, 43, 220_500, 44_100, -3.5,
                            "/api/tracks/" + TRACK + "/cover", AT)),
            Map.entry("TrackUpdated",
                    new TrackUpdated(TRACK, USER, "Dawn (remaster)", "electronic", List.of("synth"),
                            "Recorded at 5 a.m.", Visibility.UNLISTED, null)),
            Map.entry("TrackDeleted", new TrackDeleted(TRACK, USER)),
            Map.entry("TrackLiked", new TrackLiked(TRACK, OTHER_USER, AT)),
            Map.entry("TrackUnliked", new TrackUnliked(TRACK, OTHER_USER)),
            Map.entry("PlayVerified", new PlayVerified(PLAY, TRACK, OTHER_USER, 30_000L, AT.minusSeconds(31), AT)),
            Map.entry("UserFollowed", new UserFollowed(OTHER_USER, USER, AT)),
            Map.entry("UserUnfollowed", new UserUnfollowed(OTHER_USER, USER)),
            Map.entry("PlaylistCreated",
                    new PlaylistCreated(PLAYLIST, USER, "Night drive", "for the road", Visibility.PUBLIC, false)),
            Map.entry("PlaylistUpdated",
                    new PlaylistUpdated(PLAYLIST, USER, "Night drive", "for the road", Visibility.PRIVATE, true, 12,
                            "/api/tracks/" + TRACK + "/cover/300.jpg")),
            Map.entry("PlaylistDeleted", new PlaylistDeleted(PLAYLIST, USER)),
            Map.entry("RoomMessagePosted",
                    new RoomMessagePosted(ROOM, MESSAGE, OTHER_USER, "this drop 🔥", TRACK, 62_500L, AT)),
            Map.entry("RoomReactionSent",
                    new RoomReactionSent(ROOM, OTHER_USER, Reaction.MIRROR_BALL, TRACK, 62_500L, AT)),
            Map.entry("RoomPlaybackChanged",
                    new RoomPlaybackChanged(ROOM, USER, PlaybackAction.PLAY, TRACK, 12, 1_795_317_400_000L, false,
                            1_795_317_460_000L, 60_000L, List.of(PLAY, PLAYLIST))),
            Map.entry("RoomPresenceChanged", new RoomPresenceChanged(ROOM, OTHER_USER, true, 42)),
            Map.entry("RoomModerated", new RoomModerated(ROOM, USER, RoomModeration.MUTED, OTHER_USER)));

    private ContractExamples() {
    }

    /** The pinned JSON of an event type, as a consumer would receive it. */
    public static String json(EventType<?> type) {
        String resource = "/contracts/" + type.name() + ".v" + type.version() + ".json";
        try (InputStream in = ContractExamples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no contract file " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pinned event of a type, read through {@link EventJson}, ready to hand to a consumer. */
    public static <P extends EventPayload> EventEnvelope<P> envelope(EventType<P> type) {
        return EventJson.read(json(type), type);
    }
}
