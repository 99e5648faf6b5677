package dev.lalala.auth.mail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;

/**
 * Sends mails on a few background threads, so no request waits for SMTP: the "always 202" answers then take as long
 * for an address with an account as for one without. Bounded (a full queue drops the mail with a warning); a failed
 * send is tried again after each of the retry delays, then logged. Log lines name the kind of mail, never the message
 * (it holds a token) or the address. The user can always ask for another mail.
 */
final class MailQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MailQueue.class);

    private final MailSender sender;
    private final int capacity;
    private final List<Duration> retryDelays;
    private final ScheduledThreadPoolExecutor executor;
    /** Mails accepted and not yet sent or given up, retries waiting included. */
    private final AtomicInteger pending = new AtomicInteger();

    MailQueue(MailSender sender, int threads, int capacity, List<Duration> retryDelays) {
        this.sender = sender;
        this.capacity = capacity;
        this.retryDelays = List.copyOf(retryDelays);
        this.executor = new ScheduledThreadPoolExecutor(threads, Thread.ofPlatform().name("mail-", 1).daemon().factory());
        // At shutdown, mails already queued still go out; retries waiting for their delay are dropped (and counted).
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Queues the mail and returns at once. */
    void submit(SimpleMailMessage message, String kind) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            log.warn("The mail queue is full ({} mails): a {} mail was not sent", capacity, kind);
            return;
        }
        schedule(() -> attempt(message, kind, 0), Duration.ZERO, kind);
    }

    /** Mails accepted and not yet sent or given up. */
    int pending() {
        return pending.get();
    }

    private void attempt(SimpleMailMessage message, String kind, int retries) {
        try {
            sender.send(message);
            pending.decrementAndGet();
        } catch (RuntimeException e) {
            if (retries < retryDelays.size()) {
                Duration delay = retryDelays.get(retries);
                log.info("Could not send a {} mail ({}); trying again in {}", kind, e.getClass().getSimpleName(), delay);
                schedule(() -> attempt(message, kind, retries + 1), delay, kind);
            } else {
                pending.decrementAndGet();
                log.warn("Could not send a {} mail after {} attempts: {}", kind, retries + 1,
                        e.getClass().getSimpleName());
            }
        }
    }

    private void schedule(Runnable task, Duration delay, String kind) {
        try {
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            log.warn("Shutting down: a {} mail was not sent", kind);
        }
    }

    /** Lets queued mails go out (for a few seconds at most), then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (pending.get() > 0) {
            log.warn("Stopped with {} mails not sent", pending.get());
        }
    }
}
