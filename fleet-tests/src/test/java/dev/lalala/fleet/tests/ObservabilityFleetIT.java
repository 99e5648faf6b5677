package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetService;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboards against the running fleet: after one upload went through (so the pipeline, the outbox and the
 * consumers have all worked once), every metric a dashboard query names is exported by at least one service's
 * {@code /actuator/prometheus}, the scrape target of deploy/observability/prometheus.yml, with every label the query
 * filters it on. A renamed meter, a dropped tag or a dashboard typo fails here.
 */
@ExtendWith(RunningFleet.class)
class ObservabilityFleetIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @Test
    void everyMetricTheDashboardsQueryIsExportedByTheFleet(Fleet fleet) throws Exception {
        Gateway gateway = new Gateway(fleet.gatewayUrl());
        Accounts.SignedIn artist = Accounts.signUpVerified(fleet, gateway, "Mona Metrics");
        HttpResponse<String> accepted = Tracks.upload(gateway, artist.bearer(), Tracks.wav(6),
                Map.of("genre", "electronic", "title", "Scraped"));
        UUID id = UUID.fromString(Gateway.json(accepted, 202).path("id").asString());
        Tracks.awaitReady(gateway, id, artist, Duration.ofMinutes(2));

        Map<String, Set<String>> wanted = Dashboards.allMetrics();
        assertThat(wanted).hasSizeGreaterThan(20);
        // The consumers of the upload's events and the relay's sends are asynchronous: look again for a while.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, String> missing;
        Map<String, Set<String>> exported;
        do {
            exported = scrape(fleet);
            missing = missing(wanted, exported);
            if (missing.isEmpty()) {
                break;
            }
            Thread.sleep(2_000);
        } while (System.nanoTime() < deadline);
        assertThat(missing).as("metrics or labels the dashboards query that no service exports").isEmpty();

        // And the fleet's own meters this issue added are really there, per service.
        assertThat(exported).containsKeys("lalala_tracks_pipeline_stage_seconds_bucket",
                "lalala_tracks_pipeline_duration_seconds_count", "lalala_tracks_pipeline_active", "lalala_chat_sockets", "lalala_chat_fanout_seconds_bucket",
                "lalala_stream_listeners", "lalala_stream_first_segment_seconds_bucket", "lalala_subscription_lag",
                "spring_cloud_gateway_requests_seconds_bucket");
        assertThat(exported.get("lalala_subscription_lag")).contains("handler", "topic", "application");
        assertThat(exported.get("spring_cloud_gateway_requests_seconds_count")).contains("routeId", "outcome", "status");
    }

    private static Map<String, String> missing(Map<String, Set<String>> wanted, Map<String, Set<String>> exported) {
        Map<String, String> missing = new LinkedHashMap<>();
        wanted.forEach((name, labels) -> {
            Set<String> has = exported.get(name);
            if (has == null) {
                missing.put(name, "not exported");
            } else if (!has.containsAll(labels)) {
                Set<String> absent = new LinkedHashSet<>(labels);
                absent.removeAll(has);
                missing.put(name, "no label " + absent + " (has " + has + ")");
            }
        });
        return missing;
    }

    /** Every sample name the fleet exports, with the label names it carries anywhere. */
    private static Map<String, Set<String>> scrape(Fleet fleet) {
        Map<String, Set<String>> exported = new LinkedHashMap<>();
        Gateway client = new Gateway("");
        for (FleetService service : FleetService.values()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(fleet.url(service) + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).GET().build());
            assertThat(response.statusCode()).as("%s /actuator/prometheus", service.id()).isEqualTo(200);
            assertThat(response.body()).as(service.id()).contains("application=\"" + service.id() + "\"");
            for (String line : response.body().split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (line.startsWith("#") || !sample.find()) {
                    continue;
                }
                Set<String> labels = exported.computeIfAbsent(sample.group(1), k -> new LinkedHashSet<>());
                if (sample.group(3) != null) {
                    Matcher label = LABEL.matcher(sample.group(3));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
        }
        return exported;
    }
}
