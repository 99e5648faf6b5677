package dev.lalala.defaults.paging;

import dev.lalala.defaults.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque cursors: the sort key of the last item seen, base64url-encoded so that clients treat it as a token, and
 * page sizes bounded so that no client can make a service read without limit.
 */
public final class Cursors {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private Cursors() {
    }

    /** Encodes the parts of a sort key (for example a timestamp and an id, to break ties). */
    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a cursor made by {@link #encode}, expecting {@code parts} parts.
     *
     * @throws ApiException 400 when the cursor was not made by us
     */
    public static List<String> decode(String cursor, int parts) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> decoded = List.of(text.split("\n", -1));
            if (decoded.size() != parts) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid-cursor", "The cursor is not one this list gave out.");
        }
    }

    /**
     * The page size to use: the default when absent.
     *
     * @throws ApiException 400 when out of 1..{@value #MAX_LIMIT}
     */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiException.badRequest("invalid-limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return requested;
    }
}
