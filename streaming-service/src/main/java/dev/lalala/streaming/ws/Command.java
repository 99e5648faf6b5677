package dev.lalala.streaming.ws;

import dev.lalala.defaults.realtime.ClockSyncProtocol;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a client may say, parsed from one JSON text frame; anything else becomes {@link Invalid}. */
public sealed interface Command {

    record Ping(long t0) implements Command {
    }

    record Play(UUID trackId, int fromSegment) implements Command {
    }

    record Credit(int n) implements Command {
    }

    record Seek(int segment) implements Command {
    }

    record Stop() implements Command {
    }

    /** {@code code} is the error code the client gets back. */
    record Invalid(String code, String message) implements Command {
    }

    String BAD_MESSAGE = "bad-message";
    String UNSUPPORTED = ClockSyncProtocol.UNSUPPORTED;

    static Command parse(JsonMapper json, String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JacksonException e) {
            return new Invalid(BAD_MESSAGE, "Frames are JSON objects with a type.");
        }
        if (message == null || !message.isObject() || !message.path("type").isString()) {
            return new Invalid(BAD_MESSAGE, "Frames are JSON objects with a type.");
        }
        String type = message.path("type").asString();
        return switch (type) {
            case "ping" -> {
                JsonNode t0 = message.path("t0");
                yield t0.isIntegralNumber() && t0.canConvertToLong() ? new Ping(t0.asLong())
                        : new Invalid(BAD_MESSAGE, "A ping carries t0, the client's clock in epoch milliseconds.");
            }
            case "play" -> {
                UUID trackId = uuid(message.path("trackId"));
                JsonNode from = message.path("fromSegment");
                if (trackId == null) {
                    yield new Invalid(BAD_MESSAGE, "play needs trackId, a track's UUID.");
                }
                if (!from.isMissingNode() && !(from.isIntegralNumber() && from.canConvertToInt())) {
                    yield new Invalid(BAD_MESSAGE, "fromSegment is a segment index.");
                }
                yield new Play(trackId, from.isMissingNode() ? 0 : from.asInt());
            }
            case "credit" -> {
                JsonNode n = message.path("n");
                yield n.isIntegralNumber() && n.canConvertToInt() ? new Credit(n.asInt())
                        : new Invalid(BAD_MESSAGE, "credit carries n, how many more segments the client can take.");
            }
            case "seek" -> {
                JsonNode segment = message.path("segment");
                yield segment.isIntegralNumber() && segment.canConvertToInt() ? new Seek(segment.asInt())
                        : new Invalid(BAD_MESSAGE, "seek carries segment, a segment index.");
            }
            case "stop" -> new Stop();
            default -> new Invalid(UNSUPPORTED, "Unknown message type '" + abbreviate(type) + "'.");
        };
    }

    private static UUID uuid(JsonNode node) {
        if (!node.isString()) {
            return null;
        }
        try {
            return UUID.fromString(node.asString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
