package dev.lalala.defaults.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClockSyncProtocolTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00.250Z");

    final ClockSyncProtocol protocol =
            new ClockSyncProtocol("streaming-service", JSON, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void helloNamesTheServiceAndItsClock() {
        JsonNode hello = JSON.readTree(protocol.hello());

        assertThat(hello.path("type").asString()).isEqualTo("hello");
        assertThat(hello.path("service").asString()).isEqualTo("streaming-service");
        assertThat(hello.path("serverTime").asLong()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void aPingIsAnsweredWithThePingsT0AndTheServerClock() {
        JsonNode pong = JSON.readTree(protocol.reply("{\"type\":\"ping\",\"t0\":1777636799000}"));

        assertThat(pong.path("type").asString()).isEqualTo("pong");
        assertThat(pong.path("t0").asLong()).isEqualTo(1777636799000L);
        assertThat(pong.path("serverTime").asLong()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void everythingElseIsAnUnsupportedError() {
        for (String frame : new String[] {"hello?", "", "[]", "42", "{}", "{\"type\":7}", "{\"type\":\"dance\"}",
                "{\"type\":\"ping\"}", "{\"type\":\"ping\",\"t0\":\"soon\"}", "{\"type\":\"ping\",\"t0\":1.5}",
                "{\"type\":\"ping\",\"t0\":123456789012345678901234567890}", "{\"type\":\"ping\""}) {
            JsonNode error = JSON.readTree(protocol.reply(frame));

            assertThat(error.path("type").asString()).as(frame).isEqualTo("error");
            assertThat(error.path("code").asString()).as(frame).isEqualTo("unsupported");
            assertThat(error.path("message").asString()).as(frame).isNotBlank();
        }
    }

    @Test
    void anUnknownTypeIsNamedButNotEchoedAtLength() {
        String reply = protocol.reply("{\"type\":\"" + "x".repeat(500) + "\"}");

        assertThat(reply.length()).isLessThan(200);
    }
}
