package dev.lalala.deploy;

import static dev.lalala.deploy.DeployFiles.bytes;
import static dev.lalala.deploy.DeployFiles.checkoutCopyWithSecrets;
import static dev.lalala.deploy.DeployFiles.composeConfig;
import static dev.lalala.deploy.DeployFiles.dockerCompose;
import static dev.lalala.deploy.DeployFiles.environment;
import static dev.lalala.deploy.DeployFiles.list;
import static dev.lalala.deploy.DeployFiles.map;
import static dev.lalala.deploy.DeployFiles.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.deploy.DeployFiles.Result;
import dev.lalala.deploy.DeployFiles.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-compose.yml: valid for docker-compose, and shaped as the operators' issue asks. */
class ComposeFileTest {

    static final Set<String> INFRASTRUCTURE = Set.of("mysql", "kafka", "kafka-topics", "neo4j", "elasticsearch",
            "minio", "mail", "prometheus", "grafana", "otel-collector");

    @TempDir
    static Path copy;
    static Map<String, Object> services;

    @BeforeAll
    static void resolve() throws Exception {
        checkoutCopyWithSecrets(copy);
        services = map(composeConfig(copy, "docker-compose.yml").get("services"));
    }

    @Test
    void dockerComposeConfigAcceptsIt() throws Exception {
        Result r = run(List.of(dockerCompose().toString(), "config", "-q"), copy, Map.of(), 2);
        assertThat(r.exit()).as("docker-compose config -q:%n%s", r.output()).isZero();
    }

    @Test
    void dockerComposeConfigRejectsABrokenCopy() throws Exception {
        // The validator is worth something only if it fails: a dependency on a service that does not exist.
        Path broken = copy.resolve("broken.yml");
        Files.writeString(broken, Files.readString(copy.resolve("docker-compose.yml"))
                .replace("mail: {condition: service_healthy}", "mailer: {condition: service_healthy}"));
        Result r = run(List.of(dockerCompose().toString(), "-f", "broken.yml", "config", "-q"), copy, Map.of(), 2);
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("mailer");
    }

    @Test
    void holdsTheNineServicesAndTheInfrastructure() {
        List<String> expected = new ArrayList<>(INFRASTRUCTURE);
        for (Service s : Service.values()) {
            expected.add(s.id);
        }
        assertThat(services.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(map(services.get("mysql")).get("image")).isEqualTo("mysql:8.4");
        assertThat(String.valueOf(map(services.get("kafka")).get("image"))).startsWith("apache/kafka:4.");
        assertThat(environment(map(services.get("kafka")))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
        assertThat(String.valueOf(map(services.get("neo4j")).get("image"))).startsWith("neo4j:");
        assertThat(String.valueOf(map(services.get("minio")).get("image"))).startsWith("minio/minio:");
        assertThat(map(map(services.get("elasticsearch")).get("build")).get("dockerfile"))
                .isEqualTo("deploy/elasticsearch/Dockerfile");
    }

    @Test
    void onlyTheGatewayAndGrafanaArePublished() {
        List<String> published = services.entrySet().stream().filter(e -> map(e.getValue()).containsKey("ports"))
                .map(Map.Entry::getKey).toList();
        assertThat(published).containsExactlyInAnyOrder("gateway", "grafana");
        // Grafana on this machine's loopback only.
        assertThat(list(map(services.get("grafana")).get("ports")).toString()).contains("127.0.0.1");
    }

    @Test
    void everyLongRunningContainerHasAHealthcheckAndDependenciesWaitForIt() {
        for (var e : services.entrySet()) {
            Map<String, Object> service = map(e.getValue());
            if (!Set.of("kafka-topics", "otel-collector").contains(e.getKey())) {
                assertThat(service).as("%s has a healthcheck", e.getKey()).containsKey("healthcheck");
            }
            for (var dep : map(service.get("depends_on")).entrySet()) {
                String condition = String.valueOf(map(dep.getValue()).get("condition"));
                if (dep.getKey().equals("kafka-topics")) {
                    assertThat(condition).isEqualTo("service_completed_successfully");
                } else {
                    assertThat(condition).as("%s waits for %s", e.getKey(), dep.getKey()).isEqualTo("service_healthy");
                    assertThat(map(services.get(dep.getKey()))).as("%s (waited for) has a healthcheck", dep.getKey())
                            .containsKey("healthcheck");
                }
            }
        }
        for (Service s : Service.values()) {
            String test = list(map(map(services.get(s.id)).get("healthcheck")).get("test")).toString();
            assertThat(test).as(s.id).contains("/dev/tcp/127.0.0.1/" + s.port + " ")
                    .contains("/actuator/health/readiness");
        }
    }

    @Test
    void memoryLimitsOnEverythingAddUpToALaptop() {
        long total = 0;
        for (var e : services.entrySet()) {
            Object memory = map(map(map(map(e.getValue()).get("deploy")).get("resources")).get("limits")).get("memory");
            assertThat(memory).as("%s has a memory limit", e.getKey()).isNotNull();
            total += bytes(String.valueOf(memory));
        }
        assertThat(total).as("sum of the memory limits").isLessThanOrEqualTo(10L * 1024 * 1024 * 1024);
    }

    @Test
    void dataLivesInNamedVolumesAndSecretsInGitIgnoredEnvFiles() {
        for (String store : List.of("mysql", "kafka", "neo4j", "elasticsearch", "minio")) {
            List<Object> volumes = list(map(services.get(store)).get("volumes"));
            // A named volume ("mysql-data:/var/lib/mysql:rw"), never a folder of the host.
            assertThat(volumes).as(store).anySatisfy(v -> assertThat(String.valueOf(v)).matches("[a-z0-9-]+-data:/.*"));
        }
        assertThat(DeployFiles.read(DeployFiles.HOME.resolve("deploy/.gitignore")).lines()).contains("/secrets/");
        // No secret is written in the file itself: every *PASSWORD*, *SECRET*, *KEY* comes from an env file.
        Map<String, Object> raw = map(DeployFiles.yaml(DeployFiles.HOME.resolve("docker-compose.yml")).get("services"));
        for (var e : raw.entrySet()) {
            assertThat(environment(map(e.getValue())).keySet()).as(e.getKey())
                    .noneMatch(name -> name.matches(".*(PASSWORD|SECRET|_KEY)|NEO4J_AUTH"));
        }
    }
}
