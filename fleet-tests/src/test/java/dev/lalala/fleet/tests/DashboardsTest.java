package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.FleetService;
import dev.lalala.infra.Home;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The observability files compose mounts, checked without a fleet: the dashboards are valid Grafana JSON whose every
 * query names metrics in the form the fleet check reads and uses a provisioned data source; Prometheus scrapes every
 * service of the fleet at its port; the collector and Grafana provisioning name each other consistently. Whether
 * the named metrics really exist is ObservabilityFleetIT's part, against the running fleet.
 */
class DashboardsTest {

    private static final Path OBSERVABILITY = Home.find().resolve("deploy/observability");

    @Test
    void everyDashboardIsValidJsonWithUniqueIdsAndQueriesThatNameTheirMetrics() throws Exception {
        List<Path> files = Dashboards.files();
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("gateway.json", "streaming.json", "chat.json", "kafka.json", "jvm.json", "pipeline.json");
        Set<String> uids = new HashSet<>();
        Set<String> datasources = provisionedDatasourceUids();
        for (Path file : files) {
            JsonNode dashboard = Gateway.JSON.readTree(Files.readString(file));
            assertThat(dashboard.path("uid").asString()).as(file.toString()).isNotBlank();
            assertThat(uids.add(dashboard.path("uid").asString())).as("uid of %s is unique", file).isTrue();
            assertThat(dashboard.path("title").asString()).as(file.toString()).isNotBlank();
            assertThat(dashboard.path("panels").size()).as(file.toString()).isPositive();
            Set<Integer> panelIds = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + " / " + panel.path("title").asString();
                assertThat(panelIds.add(panel.path("id").asInt())).as("panel id unique: %s", where).isTrue();
                assertThat(panel.path("gridPos").path("w").asInt()).as(where).isBetween(1, 24);
                assertThat(datasources).as(where).contains(panel.path("datasource").path("uid").asString());
                assertThat(panel.path("targets").size()).as(where).isPositive();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    assertThat(Dashboards.metrics(expr)).as("%s: %s names no metric as name{...}", where, expr)
                            .isNotEmpty();
                    assertThat(balanced(expr)).as("%s: brackets of %s", where, expr).isTrue();
                    assertThat(datasources).as(where).contains(target.path("datasource").path("uid").asString());
                }
            }
        }
    }

    @Test
    void theMetricExtractionReadsNamesAndLabelFilters() {
        assertThat(Dashboards.metrics("histogram_quantile(0.99, sum by (le, routeId) "
                + "(rate(spring_cloud_gateway_requests_seconds_bucket{application=\"gateway\", outcome=~\"SERVER_ERROR\"}[5m])))"
                + " / sum(up{})"))
                .containsOnlyKeys("spring_cloud_gateway_requests_seconds_bucket", "up")
                .containsEntry("spring_cloud_gateway_requests_seconds_bucket", Set.of("application", "outcome"))
                .containsEntry("up", Set.of());
    }

    @Test
    void prometheusScrapesEveryServiceAtItsPort() throws Exception {
        String config = Files.readString(OBSERVABILITY.resolve("prometheus.yml"));
        assertThat(config).contains("metrics_path: /actuator/prometheus");
        Set<String> targets = new HashSet<>();
        Matcher m = Pattern.compile("\"([a-z-]+:\\d+)\"").matcher(config);
        while (m.find()) {
            targets.add(m.group(1));
        }
        String swarm = Files.readString(OBSERVABILITY.resolve("prometheus-swarm.yml"));
        for (FleetService service : FleetService.values()) {
            assertThat(targets).contains(service.id() + ":" + service.defaultPort());
            assertThat(swarm).contains("tasks." + service.id() + "\"]\n        type: A\n        port: "
                    + service.defaultPort() + "\n");
            // The port Prometheus scrapes is the one the service listens on in compose.
            String yml = Files.readString(Home.find().resolve(service.id()).resolve("src/main/resources/application.yml"));
            assertThat(yml).containsPattern("port: (\\$\\{SERVER_PORT:)?" + service.defaultPort());
        }
    }

    @Test
    void grafanaProvisioningAndTheCollectorAgree() throws Exception {
        assertThat(provisionedDatasourceUids()).contains("prometheus", "jaeger");
        String datasources = Files.readString(OBSERVABILITY.resolve("grafana/provisioning/datasources/lalala.yml"));
        assertThat(datasources).contains("url: http://prometheus:9090", "url: http://jaeger:16686");
        String dashboards = Files.readString(OBSERVABILITY.resolve("grafana/provisioning/dashboards/lalala.yml"));
        assertThat(dashboards).contains("path: /var/lib/grafana/dashboards");
        String collector = Files.readString(OBSERVABILITY.resolve("otel-collector.yml"));
        // The services' OTLP/HTTP exporter (port 4318) in, Jaeger's OTLP gRPC out, in one traces pipeline.
        assertThat(collector).contains("endpoint: 0.0.0.0:4318", "endpoint: jaeger:4317",
                "receivers: [otlp]", "exporters: [otlp/jaeger, debug]");
    }

    private static Set<String> provisionedDatasourceUids() throws Exception {
        String yml = Files.readString(OBSERVABILITY.resolve("grafana/provisioning/datasources/lalala.yml"));
        Set<String> uids = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+uid: ([a-z]+)$").matcher(yml);
        while (m.find()) {
            uids.add(m.group(1));
        }
        return uids;
    }

    private static boolean balanced(String expr) {
        int round = 0;
        int square = 0;
        int curly = 0;
        for (char c : expr.toCharArray()) {
            switch (c) {
                case '(' -> round++;
                case ')' -> round--;
                case '[' -> square++;
                case ']' -> square--;
                case '{' -> curly++;
                case '}' -> curly--;
                default -> { }
            }
            if (round < 0 || square < 0 || curly < 0) {
                return false;
            }
        }
        return round == 0 && square == 0 && curly == 0;
    }
}
