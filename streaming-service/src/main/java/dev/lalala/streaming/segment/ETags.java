package dev.lalala.streaming.segment;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Strong entity tags from content, and the If-None-Match comparison of RFC 9110 (section 13.1.2). */
public final class ETags {

    private ETags() {
    }

    /** A strong ETag: the first 128 bits of the content's SHA-256, quoted. Same bytes, same tag, on any instance. */
    public static String strong(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether an If-None-Match header matches the current tag: {@code *}, or any listed tag equal to it under weak
     * comparison (a {@code W/} prefix is ignored), as RFC 9110 prescribes for If-None-Match.
     */
    public static boolean noneMatchHits(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank() || etag == null) {
            return false;
        }
        String current = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || opaque(tag).equals(current)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
