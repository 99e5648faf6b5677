package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesObjectsArraysStringsAndEscapes() {
        Object parsed = Json.parse("""
                {"messages":[{"subject":"\\uc548\\ub155 \\"hi\\"\\n","to":["a@x.io"],"n":3,"f":1.5,"ok":true,"none":null}],
                 "empty":{}, "list":[]}""");
        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> map = (Map<?, ?>) parsed;
        Map<?, ?> message = (Map<?, ?>) ((List<?>) map.get("messages")).getFirst();
        assertThat(message.get("subject")).isEqualTo("안녕 \"hi\"\n");
        assertThat(message.get("to")).isEqualTo(List.of("a@x.io"));
        assertThat(message.get("n")).isEqualTo(3L);
        assertThat(message.get("f")).isEqualTo(1.5);
        assertThat(message.get("ok")).isEqualTo(true);
        assertThat(message.containsKey("none")).isTrue();
        assertThat(map.get("empty")).isEqualTo(Map.of());
        assertThat(map.get("list")).isEqualTo(List.of());
    }

    @Test
    void keepsRawUnicodeAndEmoji() {
        assertThat(Json.parse("\"한국어 🎵\"")).isEqualTo("한국어 🎵");
    }

    @Test
    void rejectsBrokenJson() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1,2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(IllegalArgumentException.class);
    }
}
