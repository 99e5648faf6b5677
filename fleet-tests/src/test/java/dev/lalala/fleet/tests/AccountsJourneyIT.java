package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Accounts.body;
import static dev.lalala.fleet.tests.Accounts.post;
import static dev.lalala.fleet.tests.Accounts.send;
import static dev.lalala.fleet.tests.Gateway.json;
import static dev.lalala.fleet.tests.Gateway.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.lalala.fleet.Fleet;
import dev.lalala.infra.MailMessage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Accounts, end to end through the gateway of a real fleet: sign up, the verification mail from the SMTP server,
 * verify, log in, refresh, edit the profile with an avatar, log out; then the attacks, each answered 401, 403, 409 or
 * 429 with nothing changed.
 */
@ExtendWith(RunningFleet.class)
class AccountsJourneyIT {

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    void signUpVerifyLogInRefreshEditTheProfileWithAnAvatarLogOut() throws Exception {
        String email = Accounts.uniqueEmail("Nora Quinn");
        UUID userId = Accounts.signUp(gateway, email, Accounts.PASSWORD, "Nora Quinn");

        // The verification mail, from the fleet's SMTP server, links to the web app.
        MailMessage mail = fleet.infrastructure().mail().mailbox(email)
                .awaitMessage(m -> m.text() != null && m.text().contains("/verify-email?token="), Duration.ofSeconds(30));
        assertThat(mail.subject()).containsIgnoringCase("confirm");
        String token = Accounts.linkToken(mail);

        // Logged in before verifying: a token that says so.
        Accounts.SignedIn early = Accounts.logIn(gateway, userId, email, Accounts.PASSWORD);
        assertThat(Accounts.claims(early.accessToken()).path("email_verified").asBoolean()).isFalse();

        assertThat(post(gateway, "/api/auth/email/verify", null, body("token", token)).statusCode()).isEqualTo(204);
        problem(post(gateway, "/api/auth/email/verify", null, body("token", token)), 400, "invalid-token");

        Accounts.SignedIn user = Accounts.logIn(gateway, userId, email, Accounts.PASSWORD);
        JsonNode claims = Accounts.claims(user.accessToken());
        assertThat(claims.path("sub").asString()).isEqualTo(userId.toString());
        assertThat(claims.path("email_verified").asBoolean()).isTrue();
        assertThat(claims.path("iss").asString()).isEqualTo("lalala-auth");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(900);
        String handle = claims.path("handle").asString();
        assertThat(handle).startsWith("nora_quinn");

        // Refresh: new tokens, the old refresh token is used up.
        JsonNode refreshed = json(post(gateway, "/api/auth/refresh", null, body("refreshToken", user.refreshToken())), 200);
        String access = refreshed.path("accessToken").asString();
        String refresh = refreshed.path("refreshToken").asString();
        assertThat(refresh).isNotEqualTo(user.refreshToken());
        // The early session picks up the verification when it refreshes.
        JsonNode earlyRefreshed = json(post(gateway, "/api/auth/refresh", null,
                body("refreshToken", early.refreshToken())), 200);
        assertThat(Accounts.claims(earlyRefreshed.path("accessToken").asString()).path("email_verified").asBoolean())
                .isTrue();

        // user-service made the profile from UserRegistered, with the handle auth-service picked.
        JsonNode profile = awaitProfile(userId);
        assertThat(profile.path("handle").asString()).isEqualTo(handle);
        assertThat(profile.path("displayName").asString()).isEqualTo("Nora Quinn");

        JsonNode edited = json(send(gateway, "PATCH", "/api/users/me", access,
                body("displayName", "Nora Q.", "bio", "Ambient loops from the harbour")), 200);
        assertThat(edited.path("displayName").asString()).isEqualTo("Nora Q.");
        HttpResponse<String> avatar = gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/users/me/avatar"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + access)
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png(300, 200))).build());
        JsonNode withAvatar = json(avatar, 200);
        assertThat(withAvatar.path("avatarUrl").asString()).isNotBlank();
        HttpResponse<byte[]> image = bytes(gateway.base() + "/api/users/" + userId + "/avatar?size=64");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(image.body())).getWidth()).isEqualTo(64);
        JsonNode publicProfile = json(gateway.get("/api/users/" + userId), 200);
        assertThat(publicProfile.path("bio").asString()).isEqualTo("Ambient loops from the harbour");
        assertThat(publicProfile.toString()).doesNotContain(email).doesNotContain("password");

        // Log out: this device's refresh token is dead; the other session lives.
        assertThat(post(gateway, "/api/auth/logout", access, body("refreshToken", refresh)).statusCode()).isEqualTo(204);
        problem(post(gateway, "/api/auth/refresh", null, body("refreshToken", refresh)), 401, "unauthorized");
        assertThat(post(gateway, "/api/auth/refresh", null,
                body("refreshToken", earlyRefreshed.path("refreshToken").asString())).statusCode()).isEqualTo(200);
    }

    @Test
    void forgedTokensAreRefusedAtTheGatewayAndChangeNothing() throws Exception {
        Accounts.SignedIn victim = Accounts.signUpVerified(fleet, gateway, "Victor Tim");
        JsonNode before = awaitProfile(victim.userId());
        JsonNode jwk = json(gateway.get("/api/auth/.well-known/jwks.json"), 200).path("keys").get(0);
        KeyPair attacker = ForgedTokens.attackerKey();
        Map<String, Object> claims = ForgedTokens.claims(victim.userId());

        AtomicInteger fetched = new AtomicInteger();
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        evil.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        evil.start();
        try {
            String evilBase = "http://127.0.0.1:" + evil.getAddress().getPort();
            Map<String, String> forgeries = new java.util.LinkedHashMap<>();
            forgeries.put("alg none", ForgedTokens.algNone(claims));
            forgeries.put("HS256 with the public key", ForgedTokens.hs256WithPublicKey(jwk, claims));
            forgeries.put("unknown kid", ForgedTokens.rs256(attacker.getPrivate(), Map.of("kid", "attacker"), claims));
            forgeries.put("another key claiming our kid",
                    ForgedTokens.rs256(attacker.getPrivate(), Map.of("kid", jwk.path("kid").asString()), claims));
            forgeries.put("jku and x5u elsewhere", ForgedTokens.rs256(attacker.getPrivate(),
                    Map.of("kid", "evil", "jku", evilBase + "/jwks.json", "x5u", evilBase + "/cert.pem"), claims));
            // A real token whose payload was changed: its signature no longer matches. (Wrong issuer, audience and
            // expiry need tokens signed with a trusted key, which only auth-service has here: those are tested at
            // each door with a real key, in JwtAttacksIT, service-defaults' JwtAttacksTest and EdgeAuthenticationIT.)
            forgeries.put("tampered payload", ForgedTokens.tampered(victim.accessToken(),
                    withClaim(claims, "sub", UUID.randomUUID().toString())));

            for (Map.Entry<String, String> forged : forgeries.entrySet()) {
                HttpResponse<String> response = send(gateway, "PATCH", "/api/users/me", forged.getValue(),
                        body("displayName", "Hacked", "bio", "pwned"));
                assertThat(response.statusCode()).as(forged.getKey() + ": " + response.body()).isEqualTo(401);
                problem(response, 401, "unauthorized");
                HttpResponse<String> logoutAll = post(gateway, "/api/auth/logout-all", forged.getValue(), null);
                assertThat(logoutAll.statusCode()).as(forged.getKey()).isEqualTo(401);
            }
            assertThat(fetched.get()).as("the attacker's key server was never asked").isZero();
        } finally {
            evil.stop(0);
        }

        // Nothing changed: the profile is as it was, the victim's session still refreshes.
        JsonNode after = json(gateway.get("/api/users/" + victim.userId()), 200);
        assertThat(after.path("displayName").asString()).isEqualTo(before.path("displayName").asString());
        assertThat(after.has("bio") ? after.path("bio").asString() : "").isNotEqualTo("pwned");
        assertThat(post(gateway, "/api/auth/refresh", null, body("refreshToken", victim.refreshToken())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void oneUserCannotActOnAnothersProfileSessionsOrAccount() throws Exception {
        Accounts.SignedIn alice = Accounts.signUpVerified(fleet, gateway, "Alice Doe");
        Accounts.SignedIn bob = Accounts.signUpVerified(fleet, gateway, "Bob Roe");
        JsonNode aliceBefore = awaitProfile(alice.userId());

        problem(send(gateway, "PATCH", "/api/users/" + alice.userId(), bob.accessToken(), body("bio", "owned by bob")),
                403, "forbidden");
        HttpResponse<String> avatar = gateway.send(HttpRequest.newBuilder(
                        URI.create(gateway.base() + "/api/users/" + alice.userId() + "/avatar"))
                .header("Authorization", bob.bearer()).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png(64, 64))).build());
        problem(avatar, 403, "forbidden");
        // Bob cannot end Alice's session with her refresh token while logged in as himself.
        problem(post(gateway, "/api/auth/logout", bob.accessToken(), body("refreshToken", alice.refreshToken())),
                403, "forbidden");
        // Deleting "the account" deletes the caller's own, and needs the caller's password.
        problem(send(gateway, "DELETE", "/api/auth/account", bob.accessToken(), body("password", "not bobs password")),
                401, "unauthorized");

        JsonNode aliceAfter = json(gateway.get("/api/users/" + alice.userId()), 200);
        assertThat(aliceAfter.path("bio").isMissingNode() || !aliceAfter.path("bio").asString().equals("owned by bob"))
                .isTrue();
        assertThat(aliceAfter.path("displayName").asString()).isEqualTo(aliceBefore.path("displayName").asString());
        assertThat(post(gateway, "/api/auth/refresh", null, body("refreshToken", alice.refreshToken())).statusCode())
                .isEqualTo(200);
        assertThat(Accounts.logIn(gateway, alice.userId(), alice.email(), alice.password()).accessToken()).isNotBlank();
    }

    @Test
    void theSameEmailTwiceIsAConflict() {
        String email = Accounts.uniqueEmail("Twice");
        UUID first = Accounts.signUp(gateway, email, Accounts.PASSWORD, "Twice");
        JsonNode conflict = problem(post(gateway, "/api/auth/signup", null,
                body("email", email.toUpperCase(), "password", "an entirely different one", "displayName", "Other")),
                409, "email-unavailable");
        assertThat(conflict.toString()).doesNotContain(first.toString());
        // The first account is untouched: its password still logs in, the other does not.
        assertThat(Accounts.logIn(gateway, first, email, Accounts.PASSWORD).accessToken()).isNotBlank();
        problem(post(gateway, "/api/auth/login", null, body("email", email, "password", "an entirely different one")),
                401, "unauthorized");
    }

    @Test
    void aStolenRefreshTokenIsUselessOnceTheOwnerRefreshes() {
        Accounts.SignedIn owner = Accounts.signUpVerified(fleet, gateway, "Owner Smith");
        String stolen = owner.refreshToken();
        String ownersNext = json(post(gateway, "/api/auth/refresh", null, body("refreshToken", stolen)), 200)
                .path("refreshToken").asString();
        // The thief replays the old one: refused, and the whole session ends, the owner's new token too.
        problem(post(gateway, "/api/auth/refresh", null, body("refreshToken", stolen)), 401, "unauthorized");
        problem(post(gateway, "/api/auth/refresh", null, body("refreshToken", ownersNext)), 401, "unauthorized");
        // The owner logs in again.
        assertThat(Accounts.logIn(gateway, owner.userId(), owner.email(), owner.password()).refreshToken()).isNotBlank();
    }

    @Test
    void repeatedWrongPasswordsAreAnswered429WithRetryAfter() {
        Accounts.SignedIn user = Accounts.signUpVerified(fleet, gateway, "Guessed At");
        for (int i = 1; i <= 3; i++) {
            problem(post(gateway, "/api/auth/login", null, body("email", user.email(), "password", "guess number " + i)),
                    401, "unauthorized");
        }
        // Past the free failures each failure blocks the account for a doubling delay (1 s, 2 s, 4 s...): keep
        // guessing until the gateway answers 429 (at most three more guesses, far from the 10 that lock).
        HttpResponse<String> throttled = null;
        for (int i = 4; i <= 6 && throttled == null; i++) {
            HttpResponse<String> guess = post(gateway, "/api/auth/login", null,
                    body("email", user.email(), "password", "guess number " + i));
            if (guess.statusCode() == 429) {
                throttled = guess;
            } else {
                problem(guess, 401, "unauthorized");
                HttpResponse<String> next = post(gateway, "/api/auth/login", null,
                        body("email", user.email(), "password", "guess number " + i + "b"));
                if (next.statusCode() == 429) {
                    throttled = next;
                } else {
                    problem(next, 401, "unauthorized");
                }
            }
        }
        assertThat(throttled).as("a 429 within the guesses").isNotNull();
        problem(throttled, 429, "too-many-requests");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        // While the account is blocked, even the right password waits. (That a client-chosen X-Forwarded-For cannot
        // dodge a per-address block is shown by the gateway's EdgeAuthenticationIT and auth-service's AccountsIT.)
        problem(post(gateway, "/api/auth/login", null, body("email", user.email(), "password", user.password())),
                429, "too-many-requests");
        // Once the delay is over, the right password works again (nothing was changed by the guesses).
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                post(gateway, "/api/auth/login", null, body("email", user.email(), "password", user.password()))
                        .statusCode() == 200);
    }

    @Test
    void deletingTheAccountEndsItEverywhere() {
        Accounts.SignedIn user = Accounts.signUpVerified(fleet, gateway, "Leaving Soon");
        awaitProfile(user.userId());
        problem(send(gateway, "DELETE", "/api/auth/account", user.accessToken(), body("password", "wrong password!")),
                401, "unauthorized");
        assertThat(send(gateway, "DELETE", "/api/auth/account", user.accessToken(), body("password", user.password()))
                .statusCode()).isEqualTo(204);
        problem(post(gateway, "/api/auth/login", null, body("email", user.email(), "password", user.password())),
                401, "unauthorized");
        problem(post(gateway, "/api/auth/refresh", null, body("refreshToken", user.refreshToken())), 401, "unauthorized");
        // user-service removes the profile when UserDeleted arrives.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                gateway.get("/api/users/" + user.userId()).statusCode() == 404);
        // The access token has not expired, but every service refuses it once UserDeleted arrived: writes (a like
        // in track-service, servlet), authenticated reads (user-service) and the reactive streaming-service alike.
        String song = "/api/tracks/" + UUID.randomUUID() + "/like";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                post(gateway, song, user.accessToken(), null).statusCode() == 401);
        problem(post(gateway, song, user.accessToken(), null), 401, "account-revoked");
        problem(send(gateway, "GET", "/api/users/me", user.accessToken(), null), 401, "account-revoked");
        problem(send(gateway, "GET", "/api/stream/tracks/" + UUID.randomUUID() + "/segments/0", user.accessToken(),
                null), 401, "account-revoked");
        // Someone else's token still works.
        Accounts.SignedIn other = Accounts.signUpVerified(fleet, gateway, "Staying");
        assertThat(post(gateway, song, other.accessToken(), null).statusCode()).isNotEqualTo(401);
    }

    // --- helpers

    static JsonNode awaitProfile(UUID userId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> gateway.get("/api/users/" + userId).statusCode() == 200);
        return json(gateway.get("/api/users/" + userId), 200);
    }

    static Map<String, Object> withClaim(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> changed = new java.util.LinkedHashMap<>(claims);
        changed.put(name, value);
        return changed;
    }

    static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(30, 120, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static HttpResponse<byte[]> bytes(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
