package dev.lalala.auth.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing: Argon2id (spring-security-crypto with Bouncy Castle), 16 MiB memory, 2 iterations, stored as
 * {@code {argon2}$argon2id$v=19$m=16384,t=2,p=1$salt$hash}. The prefix names the scheme so a later change can
 * re-hash old passwords at their next login.
 */
@Component
public class Passwords {

    static final String PREFIX = "{argon2}";

    private final Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Checked against when the email is unknown, so an unknown email costs as much time as a wrong password. */
    private final String decoy;

    public Passwords() {
        this.decoy = hash("decoy password that matches nothing");
    }

    public String hash(String raw) {
        return PREFIX + argon2.encode(raw);
    }

    public boolean matches(String raw, String stored) {
        if (raw == null || stored == null || !stored.startsWith(PREFIX)) {
            return false;
        }
        return argon2.matches(raw, stored.substring(PREFIX.length()));
    }

    /** Spends the time of a real check, for an email nobody has. */
    public void burnDecoy(String raw) {
        argon2.matches(raw == null ? "" : raw, decoy.substring(PREFIX.length()));
    }
}
