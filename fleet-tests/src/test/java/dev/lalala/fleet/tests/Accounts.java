package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.infra.MailMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Accounts for journeys: a user signed up, verified by the link in the real verification mail, and logged in,
 * all through the gateway, as the apps do it.
 */
final class Accounts {

    /** The password every journey user gets (long enough, not a common one). */
    static final String PASSWORD = "fleet journey passphrase 7";
    /** The token in the mail links ({@code /verify-email?token=...}, {@code /reset-password?token=...}). */
    static final Pattern LINK_TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    /** A logged-in user. */
    record SignedIn(UUID userId, String email, String password, String accessToken, String refreshToken) {

        String bearer() {
            return "Bearer " + accessToken;
        }

        String handle() {
            return Accounts.claims(accessToken).path("handle").asString();
        }
    }

    private Accounts() {
    }

    /** Signs up a new user with a unique email, verifies the email through the mail it receives, and logs in. */
    static SignedIn signUpVerified(Fleet fleet, Gateway gateway, String displayName) {
        String email = uniqueEmail(displayName);
        UUID userId = signUp(gateway, email, PASSWORD, displayName);
        String token = verificationToken(fleet, email);
        HttpResponse<String> verified = post(gateway, "/api/auth/email/verify", null, body("token", token));
        assertThat(verified.statusCode()).as("verify -> %s", verified.body()).isEqualTo(204);
        return logIn(gateway, userId, email, PASSWORD);
    }

    /** Signs up and logs in without verifying: the user may listen, not upload, comment or open rooms. */
    static SignedIn signUpUnverified(Gateway gateway, String displayName) {
        String email = uniqueEmail(displayName);
        UUID userId = signUp(gateway, email, PASSWORD, displayName);
        return logIn(gateway, userId, email, PASSWORD);
    }

    static UUID signUp(Gateway gateway, String email, String password, String displayName) {
        HttpResponse<String> response = post(gateway, "/api/auth/signup", null,
                body("email", email, "password", password, "displayName", displayName));
        return UUID.fromString(Gateway.json(response, 201).path("userId").asString());
    }

    static SignedIn logIn(Gateway gateway, UUID userId, String email, String password) {
        JsonNode tokens = Gateway.json(post(gateway, "/api/auth/login", null,
                body("email", email, "password", password)), 200);
        return new SignedIn(userId, email, password, tokens.path("accessToken").asString(),
                tokens.path("refreshToken").asString());
    }

    /** The token of the newest verification mail to this address (waits up to 30 s for it). */
    static String verificationToken(Fleet fleet, String email) {
        MailMessage mail = fleet.infrastructure().mail().mailbox(email)
                .awaitMessage(m -> m.text() != null && m.text().contains("/verify-email?token="), Duration.ofSeconds(30));
        return linkToken(mail);
    }

    static String linkToken(MailMessage mail) {
        Matcher m = LINK_TOKEN.matcher(mail.text());
        assertThat(m.find()).as("a token link in: %s", mail.text()).isTrue();
        return m.group(1);
    }

    /** POSTs JSON through the gateway, with a bearer token when {@code bearer} is not null. */
    static HttpResponse<String> post(Gateway gateway, String path, String bearer, Map<String, ?> body) {
        return send(gateway, "POST", path, bearer, body);
    }

    static HttpResponse<String> send(Gateway gateway, String method, String path, String bearer, Map<String, ?> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Gateway.JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", bearer.startsWith("Bearer ") ? bearer : "Bearer " + bearer);
        }
        return gateway.send(request.build());
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    static String uniqueEmail(String displayName) {
        String local = displayName.toLowerCase().replaceAll("[^a-z0-9]+", ".").replaceAll("^\\.+|\\.+$", "");
        return (local.isEmpty() ? "user" : local) + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The claims of a JWT (not verified: for reading what the fleet issued). */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return Gateway.JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
    }
}
