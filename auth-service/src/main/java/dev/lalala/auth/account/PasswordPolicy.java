package dev.lalala.auth.account;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import dev.lalala.defaults.problem.ProblemTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What a new password must be: 10 to 128 characters, not one of the common passwords shipped in
 * {@code passwords/common-passwords.txt} (compared case-insensitively), and not the account's email.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 128;
    static final String COMMON_PASSWORDS = "passwords/common-passwords.txt";

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = load();
    }

    /** @throws ApiException a 400 validation problem naming {@code field} */
    public void check(String field, String password, String email) {
        String problem = problem(password, email);
        if (problem != null) {
            throw validation(field, problem);
        }
    }

    /** Why the password is refused, or null when it is acceptable. */
    public String problem(String password, String email) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters long";
        }
        if (password.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters long";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower) || common.contains(lower.strip())) {
            return "is too common: it appears in lists of passwords attackers try first";
        }
        if (email != null && lower.equals(email.trim().toLowerCase(Locale.ROOT))) {
            return "must not be the email address";
        }
        return null;
    }

    int size() {
        return common.size();
    }

    static ApiException validation(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                "1 field is invalid").with("errors", List.of(new FieldError(field, message)));
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) {
                throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the classpath");
            }
            Set<String> words = new HashSet<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        words.add(line.toLowerCase(Locale.ROOT));
                    }
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
