package dev.lalala.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CommandTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theClientsCommandsAreParsed() {
        UUID track = UUID.randomUUID();
        assertThat(Command.parse(JSON, "{\"type\":\"play\",\"trackId\":\"" + track + "\",\"fromSegment\":3}"))
                .isEqualTo(new Command.Play(track, 3));
        assertThat(Command.parse(JSON, "{\"type\":\"play\",\"trackId\":\"" + track + "\"}"))
                .isEqualTo(new Command.Play(track, 0));
        assertThat(Command.parse(JSON, "{\"type\":\"credit\",\"n\":4}")).isEqualTo(new Command.Credit(4));
        assertThat(Command.parse(JSON, "{\"type\":\"seek\",\"segment\":7}")).isEqualTo(new Command.Seek(7));
        assertThat(Command.parse(JSON, "{\"type\":\"stop\"}")).isEqualTo(new Command.Stop());
        assertThat(Command.parse(JSON, "{\"type\":\"ping\",\"t0\":12}")).isEqualTo(new Command.Ping(12));
    }

    @Test
    void anythingElseIsInvalidWithACode() {
        assertThat(code("not json")).isEqualTo("bad-message");
        assertThat(code("[1,2]")).isEqualTo("bad-message");
        assertThat(code("{\"type\":5}")).isEqualTo("bad-message");
        assertThat(code("{\"type\":\"play\",\"trackId\":\"nope\"}")).isEqualTo("bad-message");
        assertThat(code("{\"type\":\"play\",\"trackId\":\"" + UUID.randomUUID() + "\",\"fromSegment\":\"a\"}"))
                .isEqualTo("bad-message");
        assertThat(code("{\"type\":\"credit\",\"n\":1.5}")).isEqualTo("bad-message");
        assertThat(code("{\"type\":\"credit\",\"n\":99999999999}")).isEqualTo("bad-message");
        assertThat(code("{\"type\":\"seek\"}")).isEqualTo("bad-message");
        assertThat(code("{\"type\":\"rewind\"}")).isEqualTo("unsupported");
    }

    static String code(String text) {
        Command command = Command.parse(JSON, text);
        assertThat(command).isInstanceOf(Command.Invalid.class);
        assertThat(((Command.Invalid) command).message()).isNotBlank();
        return ((Command.Invalid) command).code();
    }
}
