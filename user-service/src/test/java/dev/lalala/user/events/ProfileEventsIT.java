package dev.lalala.user.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.Topics;
import dev.lalala.events.contract.ContractExamples;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.user.UserEvents;
import dev.lalala.user.UserServiceTest;
import dev.lalala.user.avatar.TestImages;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The consumers, fed the pinned JSON of event-contracts over a real Kafka: profiles come from UserRegistered, go
 * with UserDeleted (avatar files too), and a first TrackUploaded makes an artist; each at most once.
 */
class ProfileEventsIT extends UserServiceTest {

    static final UUID PINNED_USER = ContractExamples.USER;

    @Autowired KafkaTemplate<String, String> kafka;

    @Test
    void thePinnedAccountLifecycle() throws Exception {
        // UserRegistered, exactly as auth-service sends it: a listener's profile, with the event's handle and name.
        publish(Topics.USER_EVENTS, ContractExamples.json(UserEvents.USER_REGISTERED));
        await("the profile exists", () -> count(PINNED_USER) == 1);
        JsonNode profile = json(get("/api/users/" + PINNED_USER), 200);
        assertThat(profile.path("handle").asString()).isEqualTo("mina");
        assertThat(profile.path("displayName").asString()).isEqualTo("Mina");
        assertThat(profile.path("role").asString()).isEqualTo("LISTENER");
        assertThat(profile.has("email")).isFalse();
        JsonNode mine = json(getAs(PINNED_USER, "/api/users/me"), 200);
        assertThat(mine.path("email").asString()).isEqualTo("mina@example.com");
        assertThat(mine.path("emailVerified").asBoolean()).isFalse();

        // Redelivered (same event id) twice, then EmailVerified on the same key, so the same partition: once the
        // verification shows, the duplicates before it have been consumed.
        publish(Topics.USER_EVENTS, ContractExamples.json(UserEvents.USER_REGISTERED));
        publish(Topics.USER_EVENTS, ContractExamples.json(UserEvents.USER_REGISTERED));
        publish(Topics.USER_EVENTS, ContractExamples.json(UserEvents.EMAIL_VERIFIED));
        await("the email is verified", () -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT email_verified FROM user_profile WHERE id = ?", Boolean.class, PINNED_USER.toString())));
        assertThat(count(PINNED_USER)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                Integer.class, "profile.user-registered", ContractExamples.envelope(UserEvents.USER_REGISTERED).id()
                        .toString())).isEqualTo(1);

        // The first upload makes an artist, announced once; a second upload changes nothing.
        publish(Topics.TRACK_EVENTS, ContractExamples.json(TrackEvents.TRACK_UPLOADED));
        await("the user is an artist", () -> "ARTIST".equals(role(PINNED_USER)));
        String secondUpload = withNewEventId(ContractExamples.json(TrackEvents.TRACK_UPLOADED));
        publish(Topics.TRACK_EVENTS, secondUpload);
        await("the second upload is consumed", () -> processed("profile.track-uploaded", secondUpload));
        List<JsonNode> updates = profileUpdates(PINNED_USER);
        assertThat(updates).hasSize(1);
        assertThat(updates.getFirst().path("payload").path("role").asString()).isEqualTo("ARTIST");
        assertThat(updates.getFirst().toString()).doesNotContain("mina@example.com");

        // An avatar, then UserDeleted: the profile and every avatar file go.
        HttpResponse<String> upload = HTTP.send(HttpRequest.newBuilder(uri("/api/users/me/avatar"))
                .header("Authorization", bearer(PINNED_USER)).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestImages.png(300, 300))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        Path avatarFolder = BLOBS.resolve("users/" + PINNED_USER + "/avatar");
        assertThat(filesUnder(avatarFolder)).hasSize(3);

        publish(Topics.USER_EVENTS, ContractExamples.json(UserEvents.USER_DELETED));
        await("the profile is gone", () -> count(PINNED_USER) == 0);
        assertThat(Files.exists(avatarFolder)).isFalse();
        problem(get("/api/users/" + PINNED_USER), 404);
        problem(get("/api/users/" + PINNED_USER + "/avatar"), 404);
    }

    @Test
    void aClashingHandleGetsASuffixInsteadOfFailingTheConsumer() throws Exception {
        UUID holder = newUser("clash");
        String taken = jdbc.queryForObject("SELECT handle FROM user_profile WHERE id = ?", String.class,
                holder.toString());
        UUID newcomer = UUID.randomUUID();
        String event = rewrite(ContractExamples.json(UserEvents.USER_REGISTERED),
                Map.of(PINNED_USER.toString(), newcomer.toString(), "\"mina\"", "\"" + taken + "\""));
        publish(Topics.USER_EVENTS, withNewEventId(event));

        await("the newcomer's profile exists", () -> count(newcomer) == 1);
        assertThat(json(get("/api/users/" + newcomer), 200).path("handle").asString()).isEqualTo(taken + "_2");
    }

    @Test
    void eventsOfOtherKindsAndGarbageAreSkipped() throws Exception {
        UUID user = newUser("calm");
        // user-service's own ProfileUpdated comes back on user.events; garbage goes to the DLT; neither changes rows.
        String update = rewrite(ContractExamples.json(UserEvents.PROFILE_UPDATED),
                Map.of(PINNED_USER.toString(), user.toString()));
        publish(Topics.USER_EVENTS, withNewEventId(update));
        kafka.send(Topics.USER_EVENTS, user.toString(), "{ not an event").get();
        String upload = rewrite(ContractExamples.json(TrackEvents.TRACK_UPLOADED),
                Map.of(PINNED_USER.toString(), user.toString()));
        publish(Topics.USER_EVENTS, withNewEventId(rewrite(ContractExamples.json(UserEvents.EMAIL_VERIFIED),
                Map.of(PINNED_USER.toString(), user.toString(), "mina@example.com", "calm@example.com"))));
        publish(Topics.TRACK_EVENTS, withNewEventId(upload));

        await("the later events are consumed", () -> "ARTIST".equals(role(user)));
        JsonNode profile = json(get("/api/users/" + user), 200);
        assertThat(profile.path("displayName").asString()).isEqualTo("calm");
        assertThat(profile.has("bio")).isFalse();
    }

    private void publish(String topic, String json) throws Exception {
        String key = JSON.readTree(json).path("key").asString();
        kafka.send(topic, key, json).get();
    }

    private int count(UUID user) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM user_profile WHERE id = ?", Integer.class, user.toString());
    }

    private String role(UUID user) {
        List<String> roles = jdbc.queryForList("SELECT role FROM user_profile WHERE id = ?", String.class,
                user.toString());
        return roles.isEmpty() ? null : roles.getFirst();
    }

    private boolean processed(String consumer, String eventJson) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                Integer.class, consumer, JSON.readTree(eventJson).path("id").asString()) == 1;
    }

    /** The same event content as a new delivery (a new event id), as a producer's second event would be. */
    private static String withNewEventId(String json) {
        String id = JSON.readTree(json).path("id").asString();
        return json.replace(id, UUID.randomUUID().toString());
    }

    private static String rewrite(String json, Map<String, String> replacements) {
        String out = json;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            out = out.replace(r.getKey(), r.getValue());
        }
        return out;
    }
}
