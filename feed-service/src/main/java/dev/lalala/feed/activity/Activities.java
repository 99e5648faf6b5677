package dev.lalala.feed.activity;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.Visibility;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistDeleted;
import dev.lalala.events.playlist.PlaylistUpdated;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUnliked;
import dev.lalala.events.track.TrackUpdated;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;

/**
 * Writes the activities the feed is read from: {@code (actor:User)-[:PERFORMED]->(:Activity)-[:ABOUT]->(subject)},
 * and the read models of songs and playlists they point at. Activity ids are derived from what they record
 * ({@code published:<track>}, {@code liked:<user>:<track>}, ...), so a replayed event MERGEs onto the same node.
 * Only public things become activities; a song or playlist that stops being public takes its activities along.
 * Every method runs inside the caller's transaction (a subscription's). The USER_FOLLOWED activity is written by
 * Follows, in the follow's own statement, with an id from {@link #idOf}.
 */
@Component
public class Activities {

    // The actor node is made if a user's profile has not arrived yet, but never for a deleted account.
    private static final String ACTIVITY = """
            OPTIONAL MATCH (gone:DeletedUser {id: $actorId})
            WITH gone WHERE gone IS NULL
            MERGE (actor:User {id: $actorId})
            WITH actor
            MATCH (subject:%s {id: $subjectId})
            MERGE (a:Activity {id: $id})
            ON CREATE SET a.kind = $kind, a.subjectId = $subjectId, a.at = datetime($at)
            MERGE (actor)-[:PERFORMED]->(a)
            MERGE (a)-[:ABOUT]->(subject)""";

    private static final String TRACK = """
            MERGE (t:Track {id: $id})
            SET t.ownerId = $ownerId, t.title = $title, t.genre = $genre, t.coverUrl = $coverUrl,
                t.visibility = $visibility""";

    private static final String REMOVE_ABOUT = "MATCH (a:Activity {subjectId: $id}) DETACH DELETE a";

    private final Neo4jClient neo4j;

    public Activities(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    // ---- songs ----

    public void trackPublished(TrackPublished event) {
        Map<String, Object> p = trackParameters(event.trackId(), event.ownerId(), event.title(), event.genre(),
                event.coverUrl(), event.visibility());
        p.put("durationMs", event.durationMs());
        p.put("publishedAt", event.publishedAt().toString());
        neo4j.query(TRACK + ", t.durationMs = $durationMs, t.publishedAt = datetime($publishedAt)").bindAll(p).run();
        neo4j.query("""
                OPTIONAL MATCH (gone:DeletedUser {id: $ownerId})
                WITH gone WHERE gone IS NULL
                MERGE (u:User {id: $ownerId}) SET u.artist = true""").bind(event.ownerId().toString()).to("ownerId")
                .run();
        if (event.visibility() == Visibility.PUBLIC) {
            activity(idOf("published", event.trackId()), ActivityKind.TRACK_PUBLISHED, event.ownerId(), "Track",
                    event.trackId(), event.publishedAt());
        } else {
            removeAbout(event.trackId());
        }
    }

    public void trackUpdated(TrackUpdated event) {
        neo4j.query(TRACK).bindAll(trackParameters(event.trackId(), event.ownerId(), event.title(), event.genre(),
                event.coverUrl(), event.visibility())).run();
        if (event.visibility() != Visibility.PUBLIC) {
            removeAbout(event.trackId());
            return;
        }
        // Public again: its publication shows again (likes made while it was private were never recorded).
        neo4j.query("MATCH (t:Track {id: $id}) WHERE t.publishedAt IS NOT NULL RETURN t.publishedAt AS at")
                .bind(event.trackId().toString()).to("id")
                .fetchAs(Instant.class).mappedBy((types, r) -> r.get("at").asZonedDateTime().toInstant()).one()
                .ifPresent(at -> activity(idOf("published", event.trackId()), ActivityKind.TRACK_PUBLISHED,
                        event.ownerId(), "Track", event.trackId(), at));
    }

    public void trackDeleted(TrackDeleted event) {
        removeAbout(event.trackId());
        neo4j.query("MATCH (t:Track {id: $id}) DETACH DELETE t").bind(event.trackId().toString()).to("id").run();
    }

    public void trackLiked(TrackLiked event) {
        boolean publicTrack = neo4j.query("MATCH (t:Track {id: $id, visibility: 'PUBLIC'}) RETURN true AS ok")
                .bind(event.trackId().toString()).to("id").fetchAs(Boolean.class).mappedBy((t, r) -> true)
                .one().orElse(false);
        if (publicTrack) {
            activity(idOf("liked", event.userId(), event.trackId()), ActivityKind.TRACK_LIKED, event.userId(),
                    "Track", event.trackId(), event.likedAt());
        }
    }

    public void trackUnliked(TrackUnliked event) {
        remove(idOf("liked", event.userId(), event.trackId()));
    }

    // ---- playlists ----

    public void playlistCreated(EventEnvelope<PlaylistCreated> event) {
        PlaylistCreated p = event.payload();
        playlist(p.playlistId(), p.ownerId(), p.name(), p.visibility(), 0, event.occurredAt());
    }

    public void playlistUpdated(EventEnvelope<PlaylistUpdated> event) {
        PlaylistUpdated p = event.payload();
        playlist(p.playlistId(), p.ownerId(), p.name(), p.visibility(), p.trackCount(), event.occurredAt());
    }

    public void playlistDeleted(PlaylistDeleted event) {
        removeAbout(event.playlistId());
        neo4j.query("MATCH (p:Playlist {id: $id}) DETACH DELETE p").bind(event.playlistId().toString()).to("id")
                .run();
    }

    private void playlist(UUID id, UUID ownerId, String name, Visibility visibility, int trackCount, Instant at) {
        neo4j.query("""
                MERGE (p:Playlist {id: $id})
                SET p.ownerId = $ownerId, p.name = $name, p.visibility = $visibility, p.trackCount = $trackCount""")
                .bind(id.toString()).to("id").bind(ownerId.toString()).to("ownerId").bind(name).to("name")
                .bind(visibility.name()).to("visibility").bind(trackCount).to("trackCount").run();
        if (visibility == Visibility.PUBLIC) {
            // ON CREATE in activity(): the time it first became public stays, later edits do not bump it.
            activity(idOf("playlist", id), ActivityKind.PLAYLIST_PUBLISHED, ownerId, "Playlist", id, at);
        } else {
            removeAbout(id);
        }
    }

    // ----

    private void activity(UUID id, ActivityKind kind, UUID actorId, String subjectLabel, UUID subjectId, Instant at) {
        neo4j.query(ACTIVITY.formatted(subjectLabel))
                .bind(id.toString()).to("id").bind(kind.name()).to("kind").bind(actorId.toString()).to("actorId")
                .bind(subjectId.toString()).to("subjectId").bind(at.toString()).to("at").run();
    }

    private void remove(UUID activityId) {
        neo4j.query("MATCH (a:Activity {id: $id}) DETACH DELETE a").bind(activityId.toString()).to("id").run();
    }

    private void removeAbout(UUID subjectId) {
        neo4j.query(REMOVE_ABOUT).bind(subjectId.toString()).to("id").run();
    }

    private static Map<String, Object> trackParameters(UUID id, UUID ownerId, String title, String genre,
            String coverUrl, Visibility visibility) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id.toString());
        p.put("ownerId", ownerId.toString());
        p.put("title", title);
        p.put("genre", genre);
        p.put("coverUrl", coverUrl);
        p.put("visibility", visibility == null ? Visibility.PUBLIC.name() : visibility.name());
        return p;
    }

    /** A stable id for the activity that records this fact. */
    public static UUID idOf(String what, UUID... ids) {
        StringBuilder key = new StringBuilder(what);
        for (UUID id : ids) {
            key.append(':').append(id);
        }
        return UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8));
    }
}
