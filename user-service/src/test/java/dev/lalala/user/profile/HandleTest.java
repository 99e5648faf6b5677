package dev.lalala.user.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandleTest {

    @ParameterizedTest
    @ValueSource(strings = {"mina", "Mina_Beats", "dj_123", "abc", "a23456789012345678901234567890"})
    void acceptsLettersDigitsAndUnderscores(String handle) {
        assertThat(Handle.isValid(handle)).isTrue();
        assertThat(Handle.normalize(handle)).isEqualTo(handle.toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "a234567890123456789012345678901", "mina beats", "mina-beats", "미나", "mina.b",
        "../etc", "mina%20"})
    void refusesEverythingElse(String handle) {
        assertThat(Handle.isValid(handle)).isFalse();
        assertThatThrownBy(() -> Handle.normalize(handle)).isInstanceOf(IllegalArgumentException.class);
    }
}
