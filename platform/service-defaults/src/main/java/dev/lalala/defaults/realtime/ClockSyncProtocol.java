package dev.lalala.defaults.realtime;

import java.time.Clock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The first part of every real-time socket's protocol (streaming-service's player, chat-service's rooms): a hello on
 * connect naming the service, with the server's clock; ping/pong for clients to estimate their clock offset
 * NTP-style (offset ~ serverTime - (t0 + t1)/2, t1 being when the pong arrived); and an error frame, never a close,
 * for anything else. Plain Jackson, no web stack, so reactive services use it without pulling a servlet one.
 */
public class ClockSyncProtocol {

    public static final String UNSUPPORTED = "unsupported";

    record Hello(String type, String service, long serverTime) {
    }

    record Pong(String type, long t0, long serverTime) {
    }

    record Error(String type, String code, String message) {
    }

    private final String service;
    private final JsonMapper json;
    private final Clock clock;

    public ClockSyncProtocol(String service, JsonMapper json, Clock clock) {
        this.service = service;
        this.json = json;
        this.clock = clock;
    }

    /** What the server says first. */
    public String hello() {
        return json.writeValueAsString(new Hello("hello", service, clock.millis()));
    }

    /** The answer to a ping. */
    public String pong(long t0) {
        return json.writeValueAsString(new Pong("pong", t0, clock.millis()));
    }

    /** The answer to a text frame from the client. */
    public String reply(String text) {
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JacksonException e) {
            return unsupported("Frames are JSON objects with a type.");
        }
        if (message == null || !message.isObject() || !message.path("type").isString()) {
            return unsupported("Frames are JSON objects with a type.");
        }
        String type = message.path("type").asString();
        if ("ping".equals(type)) {
            JsonNode t0 = message.path("t0");
            if (!t0.isIntegralNumber() || !t0.canConvertToLong()) {
                return unsupported("A ping carries t0, the client's clock in epoch milliseconds.");
            }
            return pong(t0.asLong());
        }
        return unsupported("Unknown message type '" + abbreviate(type) + "'.");
    }

    /** The answer to a frame the protocol does not know (also binary frames). */
    public String unsupported(String message) {
        return json.writeValueAsString(new Error("error", UNSUPPORTED, message));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
