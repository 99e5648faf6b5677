package dev.lalala.events.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;
import dev.lalala.events.EventTypes;
import dev.lalala.events.MalformedEventException;
import dev.lalala.events.Topics;
import dev.lalala.events.UnknownEventTypeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Pins the JSON of every event. If one of these fails, a producer changed the wire format that consumers
 * depend on: add a new version of the type instead of changing this one.
 */
class EventContractTest {

    static Stream<EventType<?>> allTypes() {
        return EventTypes.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTypes")
    void producerWritesThePinnedJson(EventType<?> type) throws IOException {
        EventEnvelope<?> envelope = exampleEnvelope(type);
        String written = EventJson.write(envelope);
        String pinned = pinnedOrDump(type, written);

        JsonNode expected = EventJson.mapper().readTree(pinned);
        JsonNode actual = EventJson.mapper().readTree(written);
        assertThat(actual).as("JSON of %s", type.name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allTypes")
    void consumerReadsThePinnedJsonBackToTheSameEvent(EventType<?> type) {
        EventEnvelope<?> read = EventJson.read(ContractExamples.json(type));

        assertThat(read).isEqualTo(exampleEnvelope(type));
        assertThat(read.payload()).isInstanceOf(type.payloadClass());
        assertThat(read.topic()).isEqualTo(type.topic());
        assertThat(read.key()).isEqualTo(read.payload().eventKey());
    }

    @Test
    void everyTypeIsOnAKnownTopicAndEveryTopicCarriesEvents() {
        Set<String> used = EventTypes.ALL.stream().map(EventType::topic).collect(Collectors.toSet());
        assertThat(used).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(EventTypes.ALL).hasSize(ContractExamples.PAYLOADS.size());
    }

    @Test
    void aConsumerSkipsATypeItDoesNotKnowButFailsOnGarbage() {
        String future = """
                {"id":"%s","type":"TrackRemixed","version":1,"occurredAt":"2026-11-22T10:15:30Z",
                 "key":"k","payload":{"trackId":"x"}}""".formatted(UUID.randomUUID());
        assertThat(EventJson.readIfKnown(future)).isEmpty();
        assertThatThrownBy(() -> EventJson.read(future)).isInstanceOf(UnknownEventTypeException.class);

        assertThatThrownBy(() -> EventJson.read("not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.read("[1,2]")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.read("{\"type\":\"TrackDeleted\",\"version\":1}"))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aNewerProducerAddingAFieldIsStillReadByAnOlderConsumer() {
        String pinned = ContractExamples.json(dev.lalala.events.track.TrackEvents.TRACK_DELETED);
        String withExtra = pinned.replaceFirst("\"payload\"\\s*:\\s*\\{", "\"payload\":{\"reason\":\"copyright\",");

        EventEnvelope<?> read = EventJson.read(withExtra);

        assertThat(read.payload()).isEqualTo(ContractExamples.PAYLOADS.get("TrackDeleted"));
    }

    @Test
    void anEnvelopeRefusesAPayloadOfAnotherType() {
        EventPayload wrong = ContractExamples.PAYLOADS.get("TrackDeleted");
        assertThatThrownBy(() -> EventEnvelope.of((EventType) dev.lalala.events.user.UserEvents.USER_DELETED, wrong))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The example of a type in a fixed envelope: the id is derived from the type, so the file is stable. */
    static EventEnvelope<?> exampleEnvelope(EventType<?> type) {
        EventPayload payload = ContractExamples.PAYLOADS.get(type.name());
        assertThat(payload).as("example payload for %s", type.name()).isNotNull();
        UUID id = UUID.nameUUIDFromBytes((type.name() + "@" + type.version()).getBytes(StandardCharsets.UTF_8));
        return new EventEnvelope<>(id, type.name(), type.version(), ContractExamples.AT, payload.eventKey(), payload);
    }

    /** Returns the pinned JSON; when a new type has none yet, writes a draft to target/ to be reviewed and copied. */
    private static String pinnedOrDump(EventType<?> type, String written) throws IOException {
        try {
            return ContractExamples.json(type);
        } catch (IllegalStateException missing) {
            Path draft = Path.of("target", "contract-drafts", type.name() + ".v" + type.version() + ".json");
            Files.createDirectories(draft.getParent());
            Files.writeString(draft, EventJson.mapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(EventJson.mapper().readTree(written)) + "\n");
            throw new AssertionError("no pinned JSON for " + type.name() + "; a draft is in " + draft, missing);
        }
    }
}
