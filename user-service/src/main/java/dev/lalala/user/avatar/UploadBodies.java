package dev.lalala.user.avatar;

import dev.lalala.defaults.problem.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads an upload into memory, refusing it the moment it grows past the limit instead of after reading it all. */
final class UploadBodies {

    private UploadBodies() {
    }

    static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    static ApiException tooLarge(long maxBytes) {
        return ApiException.payloadTooLarge("An avatar may be at most " + maxBytes + " bytes.")
                .with("maxBytes", maxBytes);
    }
}
