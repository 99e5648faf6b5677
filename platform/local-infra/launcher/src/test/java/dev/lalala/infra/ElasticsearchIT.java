package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.lalala.infra.test.LocalInfra;
import org.junit.jupiter.api.Test;

@LocalInfra(Component.ELASTICSEARCH)
class ElasticsearchIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void indexesAndSearchesWithNoReplicas(Infrastructure infra) throws Exception {
        String index = "tracks-" + UUID.randomUUID().toString().substring(0, 8);
        String base = infra.elasticsearchUrl();
        HttpResponse<String> created = send("PUT", base + "/" + index,
                "{\"mappings\":{\"properties\":{\"title\":{\"type\":\"text\"},\"genre\":{\"type\":\"keyword\"}}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        HttpResponse<String> indexed = send("PUT", base + "/" + index + "/_doc/1?refresh=true",
                "{\"title\":\"Midnight rain 한밤의 비 🌧\",\"genre\":\"indie\"}");
        assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);

        HttpResponse<String> found = send("POST", base + "/" + index + "/_search",
                "{\"query\":{\"match\":{\"title\":\"midnight\"}}}");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("\"total\":{\"value\":1", "한밤의 비 🌧");

        HttpResponse<String> settings = send("GET", base + "/" + index + "/_settings", null);
        assertThat(settings.body()).contains("\"number_of_replicas\":\"0\"");

        HttpResponse<String> health = send("GET", base + "/_cluster/health/" + index + "?wait_for_status=green&timeout=30s", null);
        assertThat(health.body()).contains("\"status\":\"green\"");
        assertThat(infra.springProperties(List.of(Component.ELASTICSEARCH), List.of()))
                .containsEntry("spring.elasticsearch.uris", base);
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
