package dev.lalala.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HandlesTest {

    @Test
    void derivedFromTheDisplayNameAsLowerCaseAscii() {
        assertThat(Handles.base("Léa Dupont", "x@example.com")).isEqualTo("lea_dupont");
        assertThat(Handles.base("  DJ  Ünter--Grund!! ", "x@example.com")).isEqualTo("dj_unter_grund");
        assertThat(Handles.base("A very long display name that goes on and on", "x@example.com"))
                .hasSizeLessThanOrEqualTo(24).doesNotEndWith("_");
    }

    @Test
    void fallsBackToTheEmailThenToUser() {
        assertThat(Handles.base("李", "mina.park@example.com")).isEqualTo("mina_park");
        assertThat(Handles.base("!!", "@example.com")).isEqualTo("user");
    }

    @Test
    void suffixesAreValidHandles() {
        for (int attempt = 1; attempt < 8; attempt++) {
            assertThat(Handles.withSuffix("mina", attempt)).matches("mina_[0-9]{3,6}");
        }
    }
}
