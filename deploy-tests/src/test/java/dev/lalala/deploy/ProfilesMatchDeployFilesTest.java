package dev.lalala.deploy;

import static dev.lalala.deploy.DeployFiles.allPlaceholders;
import static dev.lalala.deploy.DeployFiles.checkoutCopyWithSecrets;
import static dev.lalala.deploy.DeployFiles.composeConfig;
import static dev.lalala.deploy.DeployFiles.createdTopics;
import static dev.lalala.deploy.DeployFiles.dockerSettings;
import static dev.lalala.deploy.DeployFiles.environment;
import static dev.lalala.deploy.DeployFiles.initDatabases;
import static dev.lalala.deploy.DeployFiles.list;
import static dev.lalala.deploy.DeployFiles.map;
import static dev.lalala.deploy.DeployFiles.requiredPlaceholders;
import static dev.lalala.deploy.DeployFiles.resolve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.deploy.DeployFiles.Service;
import dev.lalala.events.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The services' {@code docker} Spring profiles against docker-compose.yml and deploy/stack.yml: every host, port,
 * database, topic and environment variable named on one side exists on the other. Fails on a typo in either.
 */
class ProfilesMatchDeployFilesTest {

    /** Settings that name an address a browser uses, not a container: loopback is right there. */
    static final Set<String> BROWSER_FACING = Set.of("lalala.web.base-url", "lalala.cors.allowed-origins");
    static final Pattern URL = Pattern.compile("//([A-Za-z0-9.-]+):(\\d+)");

    @TempDir
    static Path copy;
    static Map<String, Object> compose;
    static Map<String, Object> stack;
    static Map<String, String> secrets = new LinkedHashMap<>();

    @BeforeAll
    static void resolveBoth() throws Exception {
        checkoutCopyWithSecrets(copy);
        compose = map(composeConfig(copy, "docker-compose.yml").get("services"));
        stack = map(composeConfig(copy, "deploy/stack.yml").get("services"));
        for (String line : Files.readAllLines(copy.resolve("deploy/secrets/values.env"))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                secrets.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    enum Target { COMPOSE, STACK }

    static Map<String, Object> services(Target t) {
        return t == Target.COMPOSE ? compose : stack;
    }

    /** What the container gets as properties: its environment, plus (Swarm) the secret files of its config tree. */
    static Map<String, String> containerProperties(Target t, String service) {
        Map<String, Object> definition = map(services(t).get(service));
        Map<String, String> props = new LinkedHashMap<>(environment(definition));
        for (Object secret : list(definition.get("secrets"))) {
            Map<String, Object> s = map(secret);
            String source = String.valueOf(s.get("source"));
            String target = String.valueOf(s.getOrDefault("target", source));
            props.put(target, "<secret " + source + ">");
        }
        return props;
    }

    /** host -> ports named by a service's docker settings (URLs, Kafka bootstrap servers, the SMTP host). */
    static Map<String, Set<Integer>> addresses(Service service, Map<String, String> env) {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        Map<String, String> settings = dockerSettings(service);
        for (var e : settings.entrySet()) {
            String key = e.getKey();
            String value = resolve(e.getValue(), env);
            if (BROWSER_FACING.contains(key)) {
                continue;
            }
            List<String[]> found = new ArrayList<>();
            Matcher m = URL.matcher(value);
            while (m.find()) {
                found.add(new String[] {m.group(1), m.group(2)});
            }
            if (key.endsWith("bootstrap-servers")) {
                for (String hostPort : value.split(",")) {
                    String[] hp = hostPort.trim().split(":");
                    found.add(hp);
                }
            }
            for (String[] hp : found) {
                assertThat(hp[0]).as("%s: %s=%s still names the local launcher's address", service.id, key, value)
                        .isNotIn("127.0.0.1", "localhost", "0.0.0.0");
                out.computeIfAbsent(hp[0], h -> new LinkedHashSet<>()).add(Integer.parseInt(hp[1]));
            }
        }
        if (settings.containsKey("spring.mail.host")) {
            out.computeIfAbsent(settings.get("spring.mail.host"), h -> new LinkedHashSet<>())
                    .add(Integer.parseInt(settings.get("spring.mail.port")));
        }
        return out;
    }

    static Set<Integer> exposedPorts(String composeService) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (Object p : list(map(compose.get(composeService)).get("expose"))) {
            ports.add(Integer.parseInt(String.valueOf(p)));
        }
        return ports;
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyHostAndPortOfTheDockerProfilesIsAServiceListeningThere(Target target) {
        for (Service service : Service.values()) {
            Map<String, Set<Integer>> addresses = addresses(service, containerProperties(target, service.id));
            for (var a : addresses.entrySet()) {
                assertThat(services(target)).as("%s (%s) names host '%s'", service.id, target, a.getKey())
                        .containsKey(a.getKey());
                // Container ports are the images' own: compose lists them (expose), the stack runs the same images.
                assertThat(exposedPorts(a.getKey())).as("%s -> %s ports", service.id, a.getKey())
                        .containsAll(a.getValue());
            }
        }
    }

    @Test
    void whatAServiceWaitsForInComposeIsWhatItsProfileTalksTo() {
        for (Service service : Service.values()) {
            Set<String> hosts = addresses(service, containerProperties(Target.COMPOSE, service.id)).keySet();
            Set<String> waitsFor = new LinkedHashSet<>(map(map(compose.get(service.id)).get("depends_on")).keySet());
            waitsFor.remove("kafka-topics");
            assertThat(hosts).as("%s's docker profile talks to what it waits for in compose", service.id)
                    .containsAll(waitsFor);
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void eachServiceListensOnItsPortWithTheDockerProfile(Target target) {
        for (Service service : Service.values()) {
            Map<String, String> settings = dockerSettings(service);
            assertThat(resolve(settings.get("server.port"), Map.of())).as(service.id).isEqualTo(
                    String.valueOf(service.port));
            if (service != Service.GATEWAY) {
                assertThat(settings.get("server.address")).as("%s listens beyond loopback in a container", service.id)
                        .isEqualTo("0.0.0.0");
            }
            assertThat(exposedPorts(service.id)).as(service.id).contains(service.port);
            assertThat(environment(map(services(target).get(service.id))))
                    .containsEntry("SPRING_PROFILES_ACTIVE", "docker");
        }
    }

    @Test
    void theGatewayRoutesToEveryServiceByItsName() {
        Map<String, Set<Integer>> addresses = addresses(Service.GATEWAY, Map.of());
        for (Service service : Service.values()) {
            if (service != Service.GATEWAY) {
                assertThat(addresses).as("gateway routes to %s", service.id).containsEntry(service.id,
                        Set.of(service.port));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyVariableAProfileNeedsIsGivenAndEveryVariableGivenIsUsed(Target target) {
        for (Service service : Service.values()) {
            Map<String, String> settings = dockerSettings(service);
            Map<String, String> given = containerProperties(target, service.id);
            assertThat(given.keySet()).as("%s (%s) gets what its settings require", service.id, target)
                    .containsAll(requiredPlaceholders(settings));
            List<String> used = allPlaceholders(settings);
            Set<String> relaxed = new LinkedHashSet<>();
            settings.keySet().forEach(k -> relaxed.add(k.replaceAll("\\[\\d+]", "").replaceAll("[.-]", "_")
                    .toUpperCase()));
            for (String name : given.keySet()) {
                if (name.startsWith("LALALA_") || name.startsWith("NEO4J_")) {
                    assertThat(used.contains(name) || relaxed.contains(name))
                            .as("%s (%s) is given %s, which none of its settings reads", service.id, target, name)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void eachDatabaseIsCreatedWithTheServicesOwnUserAndPassword() {
        List<String> created = initDatabases();
        Map<String, String> mysql = environment(map(compose.get("mysql")));
        for (Service service : Service.values()) {
            String url = dockerSettings(service).get("spring.datasource.url");
            if (service.database == null) {
                assertThat(url).as(service.id).isNull();
                continue;
            }
            assertThat(url).isEqualTo("jdbc:mysql://mysql:3306/" + service.database);
            assertThat(created).contains(service.database);
            assertThat(dockerSettings(service).get("spring.datasource.username")).isEqualTo(service.database);
            String key = "LALALA_DB_" + service.database.toUpperCase() + "_PASSWORD";
            assertThat(mysql.get(key)).as("mysql gets %s", key).isNotBlank();
            assertThat(environment(map(compose.get(service.id)))).as(service.id)
                    .containsEntry("LALALA_DB_PASSWORD", mysql.get(key));
            // Swarm: the service's LALALA_DB_PASSWORD file is the same secret MySQL's init reads.
            String secret = "<secret lalala_db_" + service.database + "_password>";
            assertThat(containerProperties(Target.STACK, service.id)).containsEntry("LALALA_DB_PASSWORD", secret);
            assertThat(containerProperties(Target.STACK, "mysql")).containsEntry(key, secret);
        }
        assertThat(created).containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(Service.values())
                .map(s -> s.database).filter(java.util.Objects::nonNull).toList());
    }

    @Test
    void sharedSecretsAgreeBetweenTheirUsers() {
        Map<String, String> gateway = environment(map(compose.get("gateway")));
        Map<String, String> auth = environment(map(compose.get("auth-service")));
        assertThat(gateway.get("LALALA_GATEWAY_SECRET")).isNotBlank().isEqualTo(auth.get("LALALA_GATEWAY_SECRET"));
        assertThat(environment(map(compose.get("neo4j"))).get("NEO4J_AUTH"))
                .isEqualTo("neo4j/" + environment(map(compose.get("feed-service"))).get("NEO4J_PASSWORD"));
        Map<String, String> minio = environment(map(compose.get("minio")));
        for (String s : List.of("user-service", "track-service", "streaming-service")) {
            assertThat(environment(map(compose.get(s))))
                    .containsEntry("LALALA_S3_ACCESS_KEY", minio.get("MINIO_ROOT_USER"))
                    .containsEntry("LALALA_S3_SECRET_KEY", minio.get("MINIO_ROOT_PASSWORD"));
        }
        assertThat(auth.get("LALALA_AUTH_SIGNING_KEY_SECRET")).isEqualTo(secrets.get("LALALA_AUTH_SIGNING_KEY_SECRET"));
        assertThat(java.util.Base64.getDecoder().decode(auth.get("LALALA_AUTH_SIGNING_KEY_SECRET"))).hasSize(32);
        // auth-service believes X-Forwarded-For from the gateway's fixed address only.
        String gatewayAddress = String.valueOf(map(map(map(compose.get("gateway")).get("networks")).get("lalala"))
                .get("ipv4_address"));
        assertThat(auth).containsEntry("LALALA_AUTH_TRUSTED_PROXIES", gatewayAddress);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void theTopicsCreatedAreTheEventContractsTopics(Target target) throws Exception {
        List<String> topics = new ArrayList<>();
        for (Field f : Topics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                topics.add((String) f.get(null));
            }
        }
        assertThat(topics).isNotEmpty();
        assertThat(createdTopics(map(services(target).get("kafka-topics")))).containsExactlyInAnyOrderElementsOf(topics);
    }

    @Test
    void theStackRunsTheSameInfrastructureImagesAsCompose() {
        for (String infra : List.of("mysql", "kafka", "kafka-topics", "neo4j", "minio", "mail", "prometheus", "grafana",
                "otel-collector")) {
            assertThat(map(stack.get(infra)).get("image")).as(infra).isEqualTo(map(compose.get(infra)).get("image"));
        }
        String elasticsearch = String.valueOf(map(compose.get("elasticsearch")).get("image"));
        assertThat(String.valueOf(map(stack.get("elasticsearch")).get("image")))
                .endsWith(elasticsearch.substring(elasticsearch.indexOf('/')));
    }
}
