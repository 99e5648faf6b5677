package dev.lalala.auth.account;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Public handles, picked at sign-up: lower-case letters, digits and underscores, derived from the display name (else
 * the email's local part), 3 to 24 characters; {@code _<number>} is appended when that is taken. Always within
 * user-service's rule ({@code Handle.REGEX}: 3 to 30 letters, digits or underscores), so the token's {@code handle}
 * claim is the profile's handle.
 */
public final class Handles {

    static final int MIN = 3;
    static final int MAX = 24;
    /** user-service's limit, with a suffix included. */
    static final int MAX_WITH_SUFFIX = 30;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Handles() {
    }

    /** The preferred handle for this display name and email. */
    public static String base(String displayName, String email) {
        String fromName = slug(displayName);
        if (fromName.length() >= MIN) {
            return fromName;
        }
        String local = email == null ? "" : email.substring(0, Math.max(0, email.indexOf('@')));
        String fromEmail = slug(local);
        return fromEmail.length() >= MIN ? fromEmail : "user";
    }

    /** The base with a random number appended, for when the base (or an earlier try) is taken. */
    public static String withSuffix(String base, int attempt) {
        int digits = Math.min(2 + attempt, 6);
        int bound = (int) Math.pow(10, digits);
        String suffix = "_" + RANDOM.nextInt(bound / 10, bound);
        // A long base is cut so base and suffix stay within user-service's 30 characters.
        String stem = base.substring(0, Math.min(base.length(), MAX_WITH_SUFFIX - suffix.length())).replaceAll("_+$", "");
        return stem + suffix;
    }

    static String slug(String text) {
        if (text == null) {
            return "";
        }
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return slug.length() > MAX ? slug.substring(0, MAX).replaceAll("_+$", "") : slug;
    }
}
