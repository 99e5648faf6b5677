package dev.lalala.user.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.user.UserServiceTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A user reads and edits their own profile, and only their own. */
class ProfileEditingIT extends UserServiceTest {

    @Test
    void meShowsTheEmailOnlyToItsOwner() throws Exception {
        UUID mina = newUser("mina");
        JsonNode mine = json(getAs(mina, "/api/users/me"), 200);
        assertThat(mine.path("id").asString()).isEqualTo(mina.toString());
        assertThat(mine.path("email").asString()).endsWith("@example.com");
        assertThat(mine.path("emailVerified").asBoolean()).isTrue();

        UUID other = newUser("other");
        JsonNode seenByOther = json(getAs(other, "/api/users/" + mina), 200);
        assertThat(seenByOther.has("email")).isFalse();
        assertThat(seenByOther.has("emailVerified")).isFalse();
        assertThat(seenByOther.toString()).doesNotContain("@example.com");
    }

    @Test
    void meNeedsAToken() throws Exception {
        assertThat(problem(get("/api/users/me"), 401).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/unauthorized");
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(uri("/api/users/me"))
                .header("Authorization", "Bearer not.a.token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        // A valid token for someone without a profile (not yet created from UserRegistered): 404, not someone else's.
        problem(getAs(UUID.randomUUID(), "/api/users/me"), 404);
    }

    @Test
    void anOwnerEditsTheirProfileAndTheChangeIsAnnounced() throws Exception {
        UUID mina = newUser("mina");
        JsonNode edited = json(patchAs(mina, "/api/users/me",
                "{\"displayName\": \"  Mina 민아 \", \"bio\": \"synths at dawn\"}"), 200);
        assertThat(edited.path("displayName").asString()).isEqualTo("Mina 민아");
        assertThat(edited.path("bio").asString()).isEqualTo("synths at dawn");

        JsonNode seen = json(get("/api/users/" + mina), 200);
        assertThat(seen.path("displayName").asString()).isEqualTo("Mina 민아");
        assertThat(seen.path("bio").asString()).isEqualTo("synths at dawn");

        // Only the bio: the name stays. A null bio clears it.
        json(patchAs(mina, "/api/users/" + mina, "{\"bio\": null}"), 200);
        JsonNode cleared = json(get("/api/users/" + mina), 200);
        assertThat(cleared.has("bio")).isFalse();
        assertThat(cleared.path("displayName").asString()).isEqualTo("Mina 민아");

        // A PATCH that changes nothing announces nothing.
        json(patchAs(mina, "/api/users/me", "{\"displayName\": \"Mina 민아\"}"), 200);

        var updates = profileUpdates(mina);
        assertThat(updates).hasSize(2);
        JsonNode first = updates.getFirst();
        assertThat(first.path("type").asString()).isEqualTo("ProfileUpdated");
        assertThat(first.path("payload").path("displayName").asString()).isEqualTo("Mina 민아");
        assertThat(first.path("payload").path("bio").asString()).isEqualTo("synths at dawn");
        assertThat(first.path("payload").has("email")).isFalse();
        assertThat(updates.get(1).path("payload").has("bio")).isFalse();
    }

    @Test
    void validationProblemsListEveryField() throws Exception {
        UUID mina = newUser("mina");
        JsonNode problem = problem(patchAs(mina, "/api/users/me", "{\"displayName\": \"\", \"bio\": \"one\\ntwo\", "
                + "\"role\": \"ARTIST\", \"handle\": \"admin\"}"), 400);
        assertThat(problem.path("type").asString()).isEqualTo("https://lalala.dev/problems/validation");
        assertThat(errorFields(problem))
                .containsExactly("bio", "displayName", "handle", "role");

        problem(patchAs(mina, "/api/users/me", "{\"displayName\": \"" + "x".repeat(51) + "\"}"), 400);
        problem(patchAs(mina, "/api/users/me", "{\"bio\": \"" + "x".repeat(161) + "\"}"), 400);
        problem(patchAs(mina, "/api/users/me", "not json"), 400);

        JsonNode unchanged = json(get("/api/users/" + mina), 200);
        assertThat(unchanged.path("displayName").asString()).isEqualTo("mina");
        assertThat(unchanged.path("role").asString()).isEqualTo("LISTENER");
        assertThat(profileUpdates(mina)).isEmpty();
    }

    @Test
    void aUserCannotChangeSomeoneElsesProfile() throws Exception {
        UUID mina = newUser("mina");
        UUID mallory = newUser("mallory");

        JsonNode problem = problem(patchAs(mallory, "/api/users/" + mina, "{\"displayName\": \"pwned\"}"), 403);
        assertThat(problem.path("type").asString()).isEqualTo("https://lalala.dev/problems/forbidden");

        assertThat(json(get("/api/users/" + mina), 200).path("displayName").asString()).isEqualTo("mina");
        assertThat(profileUpdates(mina)).isEmpty();
    }

    @Test
    void writesNeedAToken() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/users/me"))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"displayName\": \"x\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(response, 401).path("type").asString()).isEqualTo("https://lalala.dev/problems/unauthorized");
    }
}
