package dev.lalala.user.profile;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules of a handle, the @name in a profile's URL: 3 to 30 letters, digits or underscores, kept lower-case. */
public final class Handle {

    /** What a client may send (any case); stored and compared lower-case. */
    public static final String REGEX = "^[A-Za-z0-9_]{3,30}$";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private Handle() {
    }

    public static boolean isValid(String handle) {
        return handle != null && PATTERN.matcher(handle).matches();
    }

    /** The stored form of a valid handle. */
    public static String normalize(String handle) {
        if (!isValid(handle)) {
            throw new IllegalArgumentException("not a valid handle: " + handle);
        }
        return handle.toLowerCase(Locale.ROOT);
    }
}
