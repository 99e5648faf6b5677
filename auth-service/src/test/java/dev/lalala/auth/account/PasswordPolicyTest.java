package dev.lalala.auth.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    final PasswordPolicy policy = new PasswordPolicy();

    @Test
    void shipsAFewThousandCommonPasswords() {
        assertThat(policy.size()).isGreaterThan(3000);
    }

    @Test
    void refusesShortCommonAndEmailPasswords() {
        assertThat(policy.problem("short", null)).contains("at least 10");
        assertThat(policy.problem("x".repeat(129), null)).contains("at most 128");
        assertThat(policy.problem("password123", null)).contains("too common");
        assertThat(policy.problem("QWERTYUIOP", null)).as("case-insensitive").contains("too common");
        assertThat(policy.problem("iloveyou2024", null)).contains("too common");
        assertThat(policy.problem("mina@example.com", "Mina@Example.com")).contains("email");
    }

    @Test
    void acceptsAReasonablePassphrase() {
        assertThat(policy.problem("correct horse battery staple", "mina@example.com")).isNull();
        // Ten characters, counted as characters, not bytes.
        assertThat(policy.problem("żółć-gęśl1", null)).isNull();
    }

    @Test
    void theProblemNamesTheFieldAndNeverThePassword() {
        assertThatThrownBy(() -> policy.check("newPassword", "password123", null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.toProblemDetail().getProperties().toString()).contains("newPassword")
                            .doesNotContain("password123");
                });
    }
}
