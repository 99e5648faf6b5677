package dev.lalala.blob;

/** The one rule for keys and prefixes, the same for every store, so that a key valid on disk is valid on S3. */
final class BlobKeys {

    private BlobKeys() {
    }

    /** A key: relative, {@code /}-separated, no empty, {@code .} or {@code ..} segments, no backslash, no NUL. */
    static String key(String key) {
        if (key == null || key.isBlank() || key.endsWith("/")) {
            throw new IllegalArgumentException("bad blob key: " + key);
        }
        checkSegments(key, key);
        return key;
    }

    /** A non-empty prefix with the same rules ({@code tracks/{id}/} or {@code tracks/{id}/seg}). */
    static String prefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("a blob prefix must not be empty");
        }
        checkSegments(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, prefix);
        return prefix;
    }

    private static void checkSegments(String path, String original) {
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("bad blob key: " + original);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("bad blob key: " + original);
            }
        }
    }
}
