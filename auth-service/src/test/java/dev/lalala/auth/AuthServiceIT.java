package dev.lalala.auth;

import dev.lalala.defaults.jdbc.Db;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.lalala.auth.keys.RsaKeys;
import dev.lalala.auth.keys.SigningKey;
import dev.lalala.auth.keys.SigningKeyRepository;
import dev.lalala.auth.keys.SigningKeys;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** auth-service over real HTTP, on a real MariaDB and Kafka. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA, Component.MAIL}, databases = "auth")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthServiceIT {

    static final String JWKS = "/api/auth/.well-known/jwks.json";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired SigningKeys keys;
    @Autowired SigningKeyRepository repository;
    @Autowired dev.lalala.auth.keys.SigningKeyCipher cipher;
    @Autowired Environment environment;

    @AfterEach
    void keepOnlyTheActiveKey() {
        jdbc.update("DELETE FROM signing_key WHERE retired_at IS NOT NULL");
        jdbc.update("DELETE FROM credential WHERE email = ?", "mina@example.com");
        keys.forgetCachedKeys();
        keys.ensureActiveKey();
    }

    @Test
    void probesReflectTheDatabase() throws Exception {
        JsonNode readiness = getJson("/actuator/health/readiness", 200);
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");

        JsonNode liveness = getJson("/actuator/health/liveness", 200);
        assertThat(liveness.path("status").asString()).isEqualTo("UP");

        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"auth-service\"");
    }

    @Test
    void apiDocsListTheEndpoints() throws Exception {
        JsonNode docs = getJson("/v3/api-docs", 200);
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA auth-service");
        assertThat(docs.path("paths").path(JWKS).path("get").path("responses").has("200")).isTrue();
    }

    @Test
    void publishesTheActiveKeyAsAJwkSetWithoutPrivateParts() throws Exception {
        HttpResponse<String> response = get(JWKS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=300, public");
        JWKSet set = JWKSet.parse(response.body());
        assertThat(set.getKeys()).hasSize(1);
        RSAKey key = (RSAKey) set.getKeys().getFirst();
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(key.getModulus().decodeToBigInteger().bitLength()).isEqualTo(2048);
        assertThat(key.isPrivate()).isFalse();
        JsonNode raw = JSON.readTree(response.body()).path("keys").get(0);
        for (String secret : List.of("d", "p", "q", "dp", "dq", "qi", "oth")) {
            assertThat(raw.has(secret)).as(secret).isFalse();
        }

        SigningKey active = repository.findActive().orElseThrow();
        assertThat(key.getKeyID()).isEqualTo(active.kid());
        // A token signed with the stored private key verifies against what the JWKS publishes.
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(active.kid()).build(),
                new JWTClaimsSet.Builder().subject(UUID.randomUUID().toString()).build());
        jwt.sign(new RSASSASigner(active.privateJwk()));
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    }

    @Test
    void theJwkSetMediaTypeIsServedToo() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(JWKS))
                .header("Accept", "application/jwk-set+json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/jwk-set+json"));
        assertThat(JWKSet.parse(response.body()).getKeys()).hasSize(1);
    }

    @Test
    void retiredKeysStayPublishedForOneTokenLifetime() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SigningKey justRetired = retired(now.minus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(1)));
        SigningKey longRetired = retired(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
        repository.insert(justRetired);
        repository.insert(longRetired);
        keys.forgetCachedKeys(); // written behind SigningKeys' back

        Set<String> kids = JWKSet.parse(get(JWKS).body()).getKeys().stream().map(JWK::getKeyID)
                .collect(Collectors.toSet());

        assertThat(kids).containsExactlyInAnyOrder(repository.findActive().orElseThrow().kid(), justRetired.kid());
        assertThat(repository.findActive().orElseThrow().kid()).isNotIn(justRetired.kid(), longRetired.kid());
    }

    @Test
    void publishingReadsNoPrivateKey() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SigningKey key = retired(now.minus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(1)));
        // A row whose private key cannot be parsed is still published: only the public column is read for that.
        jdbc.update("""
                        INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at, retired_at)
                        VALUES (?, 'RS256', ?, 'not a private key', ?, ?)""", key.kid(), RsaKeys.toPem(key.publicKey()),
                Db.utc(key.createdAt()), Db.utc(key.retiredAt()));
        keys.forgetCachedKeys();

        HttpResponse<String> response = get(JWKS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JWKSet.parse(response.body()).getKeys()).extracting(JWK::getKeyID).contains(key.kid());
    }

    @Test
    void privateKeysAreEncryptedAtRestAndPlaintextRowsFromBeforeAreEncrypted() throws Exception {
        keys.ensureActiveKey();
        assertThat(jdbc.queryForList("SELECT private_key FROM signing_key", String.class))
                .isNotEmpty().allSatisfy(stored -> assertThat(stored).startsWith("v1:").doesNotContain("PRIVATE KEY"));

        // A row an older version wrote in plaintext is encrypted by the start-up migration and still usable.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SigningKey old = retired(now.minus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(1)));
        jdbc.update("""
                        INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at, retired_at)
                        VALUES (?, 'RS256', ?, ?, ?, ?)""", old.kid(), RsaKeys.toPem(old.publicKey()),
                RsaKeys.toPem(old.privateKey()), Db.utc(old.createdAt()), Db.utc(old.retiredAt()));
        assertThat(repository.encryptPlaintextKeys()).isEqualTo(1);
        String stored = jdbc.queryForObject("SELECT private_key FROM signing_key WHERE kid = ?", String.class, old.kid());
        assertThat(stored).startsWith("v1:");
        assertThat(cipher.decrypt(old.kid(), stored)).isEqualTo(RsaKeys.toPem(old.privateKey()));
        assertThat(repository.encryptPlaintextKeys()).isZero();
    }

    @Test
    void aKeyWrittenByAnotherInstanceIsPublishedWithinASecond() throws Exception {
        get(JWKS); // cached now
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SigningKey other = retired(now.minus(Duration.ofMinutes(5)), now.minus(Duration.ofMinutes(1)));
        jdbc.update("""
                        INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at, retired_at)
                        VALUES (?, 'RS256', ?, ?, ?, ?)""", other.kid(), RsaKeys.toPem(other.publicKey()),
                RsaKeys.toPem(other.privateKey()), Db.utc(other.createdAt()), Db.utc(other.retiredAt()));
        Thread.sleep(1_100);
        assertThat(JWKSet.parse(get(JWKS).body()).getKeys()).extracting(JWK::getKeyID).contains(other.kid());
    }

    @Test
    void instancesStartingAtOnceAgreeOnOneActiveKey() throws Exception {
        jdbc.update("DELETE FROM signing_key");
        List<Callable<String>> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(() -> keys.ensureActiveKey().kid());
        }
        List<String> kids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(starts.size())) {
            for (Future<String> kid : pool.invokeAll(starts)) {
                kids.add(kid.get());
            }
        }

        assertThat(Set.copyOf(kids)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM signing_key", Integer.class)).isEqualTo(1);
        assertThat(JWKSet.parse(get(JWKS).body()).getKeys()).extracting(JWK::getKeyID).containsExactly(kids.getFirst());
        // The database itself refuses a second active key.
        assertThatThrownBy(() -> repository.insert(SigningKey.of(RsaKeys.generate(), Instant.now())))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void aRestartKeepsTheSameKey() throws Exception {
        String before = JWKSet.parse(get(JWKS).body()).getKeys().getFirst().getKeyID();
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(AuthServiceApplication.class)
                .run("--server.port=0",
                        "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                        "--spring.datasource.password=" + environment.getProperty("spring.datasource.password"),
                        "--spring.kafka.bootstrap-servers=" + environment.getProperty("spring.kafka.bootstrap-servers"))) {
            int otherPort = Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + otherPort + JWKS)).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(JWKSet.parse(response.body()).getKeys()).extracting(JWK::getKeyID).containsExactly(before);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM signing_key", Integer.class)).isEqualTo(1);
    }

    @Test
    void otherRoutesNeedAToken() throws Exception {
        HttpResponse<String> response = get("/api/auth/sessions");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/unauthorized");
    }

    @Test
    void theSchemaHasCredentialsAndThePlatformTables() {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class);
        assertThat(tables).contains("signing_key", "credential", "email_token", "refresh_token", "login_throttle", "outbox_event", "processed_event",
                "flyway_schema_history", "platform_schema_history");

        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        jdbc.update("INSERT INTO credential (user_id, email, handle, password_hash, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                UUID.randomUUID().toString(), "mina@example.com", "mina", "{argon2}x", now, now);
        assertThat(jdbc.queryForObject("SELECT email_verified FROM credential WHERE email = ?", Boolean.class,
                "mina@example.com")).isFalse();
        // One account per address, whatever its case.
        assertThatThrownBy(() -> jdbc.update(
                "INSERT INTO credential (user_id, email, handle, password_hash, created_at, updated_at) VALUES (?,?,?,?,?,?)",
                UUID.randomUUID().toString(), "Mina@Example.com", "mina2", "{argon2}y", now, now))
                .isInstanceOf(DuplicateKeyException.class);
    }

    private static SigningKey retired(Instant created, Instant retiredAt) {
        SigningKey key = SigningKey.of(RsaKeys.generate(), created);
        return new SigningKey(key.kid(), key.publicKey(), key.privateKey(), created, retiredAt);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path, int status) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

}
