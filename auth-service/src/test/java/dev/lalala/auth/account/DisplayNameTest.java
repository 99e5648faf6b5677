package dev.lalala.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The same rule as user-service's ProfileChanges: stripped, 1 to 50 code points, one line. */
class DisplayNameTest {

    @Test
    void fiftyCharactersOnOneLineAreFine() {
        assertThat(DisplayName.Validator.problem("x".repeat(50))).isNull();
        // Code points, not UTF-16 units: 50 emoji are 100 chars.
        assertThat(DisplayName.Validator.problem("🎧".repeat(50))).isNull();
        assertThat(DisplayName.Validator.problem("  Mina 민아  ")).isNull();
        assertThat(DisplayName.Validator.problem("x".repeat(50) + "\n")).as("stripped first").isNull();
    }

    @Test
    void longBlankAndMultiLineNamesAreRefused() {
        assertThat(DisplayName.Validator.problem("x".repeat(51))).isEqualTo("must be 1 to 50 characters");
        assertThat(DisplayName.Validator.problem("🎧".repeat(51))).isEqualTo("must be 1 to 50 characters");
        assertThat(DisplayName.Validator.problem("   ")).isEqualTo("must be 1 to 50 characters");
        for (String name : new String[] {"two\nlines", "tab\there", "line\u2028separator", "nel\u0085here", "bell\u0007"}) {
            assertThat(DisplayName.Validator.problem(name)).as(name).isEqualTo("must be one line without control characters");
        }
    }
}
