package dev.lalala.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mail.MailSendException;
import org.springframework.mail.SimpleMailMessage;

@ExtendWith(OutputCaptureExtension.class)
class MailQueueTest {

    static final List<Duration> FAST_RETRIES = List.of(Duration.ofMillis(10), Duration.ofMillis(10));

    @Test
    void submittingDoesNotWaitForSmtp() throws Exception {
        CountDownLatch smtp = new CountDownLatch(1);
        List<SimpleMailMessage> sent = new CopyOnWriteArrayList<>();
        try (MailQueue queue = new MailQueue(messages -> {
            await(smtp);
            sent.addAll(List.of(messages));
        }, 2, 10, FAST_RETRIES)) {
            long start = System.nanoTime();
            queue.submit(message("secret-token-1"), "verification");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            assertThat(sent).isEmpty();

            smtp.countDown();
            awaitUntil(() -> sent.size() == 1);
            assertThat(queue.pending()).isZero();
        }
    }

    @Test
    void aFailedSendIsTriedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        try (MailQueue queue = new MailQueue(messages -> {
            if (attempts.incrementAndGet() < 3) {
                throw new MailSendException("SMTP down");
            }
        }, 1, 10, FAST_RETRIES)) {
            queue.submit(message("secret-token-2"), "password reset");
            awaitUntil(() -> queue.pending() == 0);
            assertThat(attempts).hasValue(3);
        }
    }

    @Test
    void aMailThatCannotGoOutIsLoggedWithoutItsContent(CapturedOutput output) {
        AtomicInteger attempts = new AtomicInteger();
        try (MailQueue queue = new MailQueue(messages -> {
            attempts.incrementAndGet();
            throw new MailSendException("SMTP down for " + messages[0].getText());
        }, 1, 10, FAST_RETRIES)) {
            queue.submit(message("secret-token-3"), "verification");
            awaitUntil(() -> queue.pending() == 0);
        }
        assertThat(attempts).hasValue(1 + FAST_RETRIES.size());
        assertThat(output.getAll()).contains("Could not send a verification mail after 3 attempts")
                .doesNotContain("secret-token-3").doesNotContain("mina@example.com");
    }

    @Test
    void aFullQueueRefusesWithAWarning(CapturedOutput output) {
        CountDownLatch smtp = new CountDownLatch(1);
        try (MailQueue queue = new MailQueue(messages -> await(smtp), 1, 2, FAST_RETRIES)) {
            for (int i = 0; i < 3; i++) {
                queue.submit(message("secret-token-4"), "verification");
            }
            assertThat(queue.pending()).isEqualTo(2);
            assertThat(output.getAll()).contains("The mail queue is full").doesNotContain("secret-token-4");
            smtp.countDown();
        }
    }

    private static SimpleMailMessage message(String token) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setTo("mina@example.com");
        message.setText("https://app.example.test/verify-email?token=" + token);
        return message;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
