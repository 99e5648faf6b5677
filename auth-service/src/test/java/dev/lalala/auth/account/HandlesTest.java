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

    /** user-service's {@code Handle.REGEX}: a handle it would not accept would differ from the token's claim. */
    static final String USER_SERVICE_HANDLE = "^[A-Za-z0-9_]{3,30}$";

    @Test
    void suffixedHandlesOfTheLongestBaseStayWithinUserServicesThirtyCharacters() {
        String longest = Handles.base("x".repeat(40), "x@example.com");
        assertThat(longest).hasSize(Handles.MAX);
        for (int attempt = 1; attempt < 8; attempt++) {
            String handle = Handles.withSuffix(longest, attempt);
            assertThat(handle).as("attempt %d", attempt).matches(USER_SERVICE_HANDLE).startsWith("xxx");
        }
        // The longest suffix (_ and 6 digits) needs the whole 30: the base gives up one character.
        assertThat(Handles.withSuffix(longest, 7)).hasSize(30).startsWith("x".repeat(23) + "_");
        // A cut that would leave the base ending in "_" does not double the underscore.
        String cutAtUnderscore = Handles.withSuffix("a".repeat(22) + "_b", 7);
        assertThat(cutAtUnderscore).matches("a{22}_[0-9]{6}");
    }

    @Test
    void suffixesAreValidHandles() {
        for (int attempt = 1; attempt < 8; attempt++) {
            assertThat(Handles.withSuffix("mina", attempt)).matches("mina_[0-9]{3,6}");
        }
    }
}
