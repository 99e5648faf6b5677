package dev.lalala.user.avatar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lalala.defaults.problem.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class UploadBodiesTest {

    @Test
    void readsABodyUpToTheLimit() throws IOException {
        byte[] body = new byte[1000];
        assertThat(UploadBodies.readAtMost(new ByteArrayInputStream(body), 1000)).hasSize(1000);
    }

    @Test
    void stopsReadingAsSoonAsTheLimitIsCrossed() {
        // An endless body: without the limit this would never return.
        CountingEndlessStream endless = new CountingEndlessStream();
        ApiException e = catchThrowableOfType(ApiException.class, () -> UploadBodies.readAtMost(endless, 5_000_000));
        assertThat(e.status().value()).isEqualTo(413);
        assertThat(e.type().toString()).isEqualTo("https://lalala.dev/problems/payload-too-large");
        assertThat(endless.read).isBetween(5_000_001L, 5_000_000L + 8192);
    }

    static final class CountingEndlessStream extends InputStream {
        long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            read += len;
            return len;
        }
    }
}
