package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class MailMessageTest {

    @Test
    void findsLinksInTextAndHtml() {
        MailMessage m = new MailMessage("a/1", "a@x.io", "<id>", "noreply@lalala.dev", List.of("a@x.io"), List.of("b@x.io"),
                "Verify", "Open https://lalala.dev/verify?token=abc&x=1 now",
                "<a href=\"https://lalala.dev/verify?token=abc&amp;x=1\">verify</a> <a href='http://other.io/p'>x</a>",
                Instant.now());
        assertThat(m.links()).containsExactly("https://lalala.dev/verify?token=abc&x=1", "http://other.io/p");
        assertThat(m.recipients()).containsExactly("a@x.io", "b@x.io");
    }
}
