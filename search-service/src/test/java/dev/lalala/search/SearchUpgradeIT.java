package dev.lalala.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.infra.Component;
import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.search.index.IndexDefinitions;
import dev.lalala.search.index.SearchIndex;
import dev.lalala.search.indexing.AutomaticRebuild;
import dev.lalala.search.indexing.RebuildLock;
import dev.lalala.search.indexing.SearchWriter;
import dev.lalala.search.indexing.Targets;
import dev.lalala.testsupport.TestTokens;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An upgrade over indices of an older version, on a real Elasticsearch with the plugin and a real Kafka: the service
 * starts over {@code tracks_v2} and the two others (the version 3 mappings without the {@code rank} field, as
 * version 2 was), answers from them at once, and rebuilds version 3 from the topics in the background. Runs in a
 * failsafe execution of its own (pom.xml), so its Elasticsearch has no indices of SearchServiceIT's and the service
 * is started by hand, after the old indices exist.
 */
@LocalInfra({Component.ELASTICSEARCH, Component.KAFKA})
class SearchUpgradeIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int OLD_VERSION = 2;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAliasOnAnOlderVersionKeepsAnsweringWhileTheCurrentVersionIsRebuiltInTheBackground(Infrastructure infra)
            throws Exception {
        Map<String, String> endpoints = infra.springProperties();
        try (RestClient rest = RestClient.builder(HttpHost.create(endpoints.get("spring.elasticsearch.uris"))).build();
                TestTokens tokens = new TestTokens();
                KafkaProducer<String, String> producer = producer(endpoints.get("spring.kafka.bootstrap-servers"))) {
            ElasticsearchClient elasticsearch = new ElasticsearchClient(
                    new RestClientTransport(rest, new Jackson3JsonpMapper(JSON)));

            // What version 2 left: its indices behind the aliases, with a song and its artist, and their events.
            Targets old = new Targets(oldName(SearchIndex.TRACKS), oldName(SearchIndex.ARTISTS),
                    oldName(SearchIndex.PLAYLISTS));
            for (SearchIndex index : SearchIndex.values()) {
                String body = """
                        {"settings": %s, "mappings": %s, "aliases": {"%s": {"is_write_index": true}}}"""
                        .formatted(IndexDefinitions.settings(),
                                IndexDefinitions.mappings(index).replaceAll("\\s*\"rank\":\\s*\\{[^}]*},", ""),
                                index.alias());
                elasticsearch.indices().create(c -> c.withJson(new StringReader(body)).index(old.of(index)));
            }
            UUID artist = UUID.randomUUID();
            UUID song = UUID.randomUUID();
            List<EventEnvelope<?>> before = List.of(
                    EventEnvelope.of(UserEvents.USER_REGISTERED, new UserRegistered(artist, "lumen@example.com",
                            "Lumenhollow", "lumenhollow", Instant.now())),
                    EventEnvelope.of(TrackEvents.TRACK_PUBLISHED, published(song, artist, "Vermilion Tidewater")));
            new SearchWriter(elasticsearch).apply(old, before);
            elasticsearch.indices().refresh(r -> r.index(old.tracks(), old.artists(), old.playlists()));
            for (EventEnvelope<?> event : before) {
                send(producer, event);
            }
            assertThat(elasticsearch.indices().getMapping(m -> m.index(old.tracks())).result().get(old.tracks())
                    .mappings().properties()).containsKey("title").doesNotContainKey("rank");

            // Another instance holds the rebuild lock: this one must answer from version 2 and wait its turn.
            RebuildLock otherInstance = new RebuildLock(elasticsearch);
            RebuildLock.Lease otherInstancesRebuild = otherInstance.tryAcquire().orElseThrow();
            try (ConfigurableApplicationContext service = start(endpoints, tokens)) {
                int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));

                assertThat(ids(search(port, "vermilion"))).as("answered from version 2 right away")
                        .contains(song.toString());
                assertThat(ids(search(port, "lumenhollow"))).contains(artist.toString());
                for (SearchIndex index : SearchIndex.values()) {
                    assertThat(aliased(elasticsearch, index)).containsExactly(old.of(index));
                }
                // The live subscriptions write where the aliases point, version 2, meanwhile.
                UUID later = UUID.randomUUID();
                send(producer, EventEnvelope.of(TrackEvents.TRACK_PUBLISHED,
                        published(later, artist, "Vermilion Afterglow")));
                await(Duration.ofSeconds(10), "the song published after start-up, from version 2",
                        () -> ids(search(port, "afterglow")).contains(later.toString()));
                assertThat(aliased(elasticsearch, SearchIndex.TRACKS)).containsExactly(old.tracks());

                otherInstancesRebuild.close();

                // The swap moves the aliases, then deletes the old indices.
                await(Duration.ofSeconds(120), "every alias on version 3, version 2 deleted", () -> {
                    for (SearchIndex index : SearchIndex.values()) {
                        Set<String> behind = aliased(elasticsearch, index);
                        if (behind.size() != 1 || !behind.iterator().next().startsWith(index.versionedName())
                                || elasticsearch.indices().exists(e -> e.index(old.of(index))).value()) {
                            return false;
                        }
                    }
                    return true;
                });
                await(Duration.ofSeconds(10), "both songs and the artist, from version 3", () -> {
                    List<String> found = ids(search(port, "vermilion"));
                    return found.contains(song.toString()) && found.contains(later.toString())
                            && ids(search(port, "lumenhollow")).contains(artist.toString());
                });
                Map<?, ?> rebuilt = elasticsearch.get(g -> g.index(SearchIndex.TRACKS.alias()).id(song.toString()),
                        Map.class).source();
                assertThat(rebuilt.containsKey("rank")).as("written with version 3's fields: %s", rebuilt).isTrue();
                // The tail replay after the swap, then the worker ends: the lock is free again.
                service.getBean(AutomaticRebuild.class).worker().orElseThrow().join(Duration.ofSeconds(60));
                assertThat(otherInstance.holder()).isEmpty();
            }
        }
    }

    static String oldName(SearchIndex index) {
        return index.alias() + "_v" + OLD_VERSION;
    }

    static TrackPublished published(UUID id, UUID owner, String title) {
        return new TrackPublished(id, owner, title, "pop", List.of(), null, Visibility.PUBLIC, 200_000L, 50, 176_400,
                44_100, 0.0, null, Instant.now());
    }

    static ConfigurableApplicationContext start(Map<String, String> endpoints, TestTokens tokens) {
        List<String> args = new ArrayList<>();
        // Command-line arguments: they win over application.yml's local endpoints.
        endpoints.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=0");
        args.add("--lalala.security.jwk-set-uri=" + tokens.jwkSetUri());
        args.add("--lalala.search.auto-rebuild-retry=1s");
        return new SpringApplicationBuilder(SearchServiceApplication.class).run(args.toArray(String[]::new));
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    static void send(KafkaProducer<String, String> producer, EventEnvelope<?> event) throws Exception {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.write(event))).get();
    }

    static Set<String> aliased(ElasticsearchClient elasticsearch, SearchIndex index) throws Exception {
        return elasticsearch.indices().getAlias(a -> a.name(index.alias())).result().keySet();
    }

    JsonNode search(int port, String q) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("items").forEach(i -> ids.add(i.path("id").asString()));
        return ids;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Duration within, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within);
            }
            Thread.sleep(200);
        }
    }
}
