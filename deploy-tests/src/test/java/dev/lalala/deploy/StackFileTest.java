package dev.lalala.deploy;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/stack.yml: valid against docker-compose's schema for file format 3.8 (the one `docker stack deploy`
 * reads), and shaped for a three-node swarm: replicas, start-first updates that roll back, secrets, placement, limits.
 */
class StackFileTest {

    static final List<String> DATASTORES = List.of("mysql", "kafka", "neo4j", "elasticsearch", "minio");

    @TempDir
    static Path copy;
    static Map<String, Object> config;
    static Map<String, Object> services;

    @BeforeAll
    static void resolve() throws Exception {
        checkoutCopyWithSecrets(copy);
        config = composeConfig(copy, "deploy/stack.yml");
        services = map(config.get("services"));
    }

    @Test
    void theSchemaOfComposeFileFormat38AcceptsIt() throws Exception {
        assertThat(String.valueOf(DeployFiles.yaml(DeployFiles.HOME.resolve("deploy/stack.yml")).get("version")))
                .isEqualTo("3.8");
        Result r = run(List.of(dockerCompose().toString(), "-f", "deploy/stack.yml", "config", "-q"), copy,
                Map.of("LALALA_REGISTRY", "registry.example.com/lalala"), 2);
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void theSchemaRejectsAStackWithAnUnknownUpdateOrder() throws Exception {
        Path broken = copy.resolve("deploy/broken-stack.yml");
        Files.writeString(broken, Files.readString(copy.resolve("deploy/stack.yml"))
                .replace("order: start-first", "order: whenever"));
        Result r = run(List.of(dockerCompose().toString(), "-f", "deploy/broken-stack.yml", "config", "-q"), copy,
                Map.of(), 2);
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("order");
    }

    @Test
    void servicesHaveTheirReplicasAndUpdateStartFirstWithRollback() {
        for (Service s : Service.values()) {
            Map<String, Object> deploy = map(map(services.get(s.id)).get("deploy"));
            int expected = switch (s) {
                case GATEWAY, STREAMING, CHAT -> 2;
                default -> 1;
            };
            assertThat(deploy.get("replicas")).as("%s replicas", s.id).isEqualTo(expected);
            Map<String, Object> update = map(deploy.get("update_config"));
            assertThat(update).as(s.id).containsEntry("order", "start-first").containsEntry("failure_action", "rollback")
                    .containsEntry("parallelism", 1);
            assertThat(map(deploy.get("rollback_config"))).as(s.id).containsEntry("order", "start-first");
            assertThat(map(services.get(s.id))).as("%s: start-first waits for a healthy task", s.id)
                    .containsKey("healthcheck");
            Map<String, Object> placement = map(deploy.get("placement"));
            assertThat(list(placement.get("constraints"))).as(s.id).isNotEmpty();
            if (expected > 1) {
                assertThat(placement.get("max_replicas_per_node")).as("%s spreads over nodes", s.id).isEqualTo(1);
            }
            Map<String, Object> limits = map(map(deploy.get("resources")).get("limits"));
            assertThat(limits).as(s.id).containsKeys("memory", "cpus");
        }
    }

    @Test
    void datastoresStayOnTheDataNodeWithTheirVolumesAndStopBeforeTheyRestart() {
        for (String store : DATASTORES) {
            Map<String, Object> deploy = map(map(services.get(store)).get("deploy"));
            assertThat(deploy.get("replicas")).isEqualTo(1);
            assertThat(list(map(deploy.get("placement")).get("constraints")))
                    .contains("node.labels.lalala.data == true");
            assertThat(map(deploy.get("update_config"))).containsEntry("order", "stop-first");
            assertThat(map(map(deploy.get("resources")).get("limits"))).containsKey("memory");
            assertThat(list(map(services.get(store)).get("volumes")).toString()).contains(store + "-data");
        }
    }

    @Test
    void passwordsAndTheSigningKeyAreSwarmSecretsMadeByTheScript() throws Exception {
        Map<String, Object> declared = map(config.get("secrets"));
        Set<String> used = new LinkedHashSet<>();
        for (var e : services.entrySet()) {
            for (Object secret : list(map(e.getValue()).get("secrets"))) {
                used.add(String.valueOf(map(secret).get("source")));
            }
            assertThat(environment(map(e.getValue())).keySet()).as(e.getKey())
                    .noneMatch(name -> name.matches(".*(PASSWORD|SECRET|_KEY)") && !name.endsWith("_FILE"));
        }
        assertThat(declared.keySet()).containsExactlyInAnyOrderElementsOf(used);
        declared.values().forEach(d -> assertThat(map(d)).containsEntry("external", true));
        // deploy/make-secrets.sh --swarm names each value lalala_<name, lower case, without LALALA_>.
        Set<String> made = new LinkedHashSet<>();
        for (String line : Files.readAllLines(copy.resolve("deploy/secrets/values.env"))) {
            String name = line.substring(0, line.indexOf('=')).toLowerCase();
            made.add("lalala_" + (name.startsWith("lalala_") ? name.substring(7) : name));
        }
        assertThat(made).containsAll(declared.keySet());
        for (Service s : Service.values()) {
            Map<String, Object> service = map(services.get(s.id));
            assertThat(environment(service).get("SPRING_CONFIG_IMPORT")).as(s.id).contains("configtree:/run/secrets/");
            for (Object secret : list(service.get("secrets"))) {
                // Readable by the image's user only (deploy-tests' image check pins that user).
                assertThat(map(secret).get("uid") + ":" + map(secret).get("gid")).as(s.id)
                        .isEqualTo(DeployFiles.IMAGE_USER);
            }
        }
        assertThat(list(map(services.get("auth-service")).get("secrets")).toString())
                .contains("LALALA_AUTH_SIGNING_KEY_SECRET", "LALALA_GATEWAY_SECRET", "LALALA_DB_PASSWORD");
    }

    @Test
    void anEncryptedOverlayNetworkAndOnlyTheGatewayAndGrafanaPublished() {
        Map<String, Object> network = map(map(config.get("networks")).get("lalala"));
        assertThat(network).containsEntry("driver", "overlay");
        assertThat(map(network.get("driver_opts"))).containsEntry("encrypted", "true");
        List<String> published = services.entrySet().stream().filter(e -> map(e.getValue()).containsKey("ports"))
                .map(Map.Entry::getKey).toList();
        assertThat(published).containsExactlyInAnyOrder("gateway", "grafana");
        for (var e : services.entrySet()) {
            assertThat(String.valueOf(map(e.getValue()).get("networks"))).as(e.getKey()).contains("lalala");
            assertThat(map(map(map(map(e.getValue()).get("deploy")).get("resources")).get("limits")))
                    .as("%s has a memory limit", e.getKey()).containsKey("memory");
        }
    }
}
