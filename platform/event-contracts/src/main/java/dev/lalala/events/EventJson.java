package dev.lalala.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of events. Producers and consumers both go through here, so the wire format is pinned in one
 * place (and by the golden files in this module's tests): ISO-8601 instants, enums by name, UUIDs as strings,
 * nulls left out, unknown fields ignored so that an older consumer reads a newer producer's event.
 */
public final class EventJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL))
            .build();

    private EventJson() {
    }

    /** The mapper with the pinned settings, for code that needs to read a payload itself. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(EventEnvelope<?> envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", envelope.id().toString());
        node.put("type", envelope.type());
        node.put("version", envelope.version());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("key", envelope.key());
        node.set("payload", MAPPER.valueToTree(envelope.payload()));
        return MAPPER.writeValueAsString(node);
    }

    public static byte[] writeBytes(EventEnvelope<?> envelope) {
        return write(envelope).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads an envelope and its payload as the record its type names.
     *
     * @throws UnknownEventTypeException for a type or version this build does not know
     * @throws MalformedEventException when the text is not an envelope
     */
    public static EventEnvelope<?> read(String json) {
        JsonNode node = tree(json);
        String type = text(node, "type");
        int version = node.path("version").asInt(0);
        EventType<?> eventType = EventTypes.require(type, version);
        return envelope(node, eventType);
    }

    public static EventEnvelope<?> read(byte[] json) {
        return read(new String(json, StandardCharsets.UTF_8));
    }

    /** Like {@link #read(String)}, but empty for types this build does not know, which a consumer skips. */
    public static Optional<EventEnvelope<?>> readIfKnown(String json) {
        try {
            return Optional.of(read(json));
        } catch (UnknownEventTypeException e) {
            return Optional.empty();
        }
    }

    /** Reads an envelope that must be of the given type. */
    public static <P extends EventPayload> EventEnvelope<P> read(String json, EventType<P> expected) {
        JsonNode node = tree(json);
        String type = text(node, "type");
        int version = node.path("version").asInt(0);
        if (!expected.name().equals(type) || expected.version() != version) {
            throw new MalformedEventException(
                    "expected " + expected.name() + "@" + expected.version() + " but got " + type + "@" + version, null);
        }
        return envelope(node, expected);
    }

    private static <P extends EventPayload> EventEnvelope<P> envelope(JsonNode node, EventType<P> type) {
        try {
            JsonNode payloadNode = node.get("payload");
            if (payloadNode == null || !payloadNode.isObject()) {
                throw new MalformedEventException("envelope has no payload object", null);
            }
            P payload = MAPPER.treeToValue(payloadNode, type.payloadClass());
            return new EventEnvelope<>(
                    UUID.fromString(text(node, "id")),
                    type.name(),
                    type.version(),
                    Instant.parse(text(node, "occurredAt")),
                    text(node, "key"),
                    payload);
        } catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new MalformedEventException("cannot read " + type.name() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new MalformedEventException("an event envelope must be a JSON object", null);
            }
            return node;
        } catch (JacksonException e) {
            throw new MalformedEventException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new MalformedEventException("envelope field '" + field + "' is missing or not a string", null);
        }
        return value.asString();
    }
}
