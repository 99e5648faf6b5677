package dev.lalala.auth.mail;

import dev.lalala.auth.AuthProperties;
import dev.lalala.defaults.jdbc.Db;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the mails of {@link MailOutbox}, one per transaction: the row is locked, handed to SMTP, and marked SENT in
 * the same transaction, so a crash before SMTP accepted it leaves it PENDING (sent after the restart) and a mail is
 * sent twice only if the process dies between SMTP's acceptance and the commit. A failed send waits a growing delay
 * ({@link #BACKOFF}, then {@code maxDelay}) and is tried again until its link expires. Woken right after each commit
 * that queued a mail, otherwise it polls every second. Log lines name the kind of mail, never the address or the
 * body (it holds a token).
 */
@Component
public class MailRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MailRelay.class);

    /** Delays after the 1st, 2nd, ... failed attempt; later ones wait {@code maxDelay}. */
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));

    private static final Duration POLL = Duration.ofSeconds(1);

    private final MailOutbox outbox;
    private final MailSender sender;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String from;
    private final Duration maxDelay;
    private final Semaphore wakeups = new Semaphore(0);

    private volatile boolean running;
    private volatile Thread thread;

    @Autowired
    public MailRelay(MailOutbox outbox, MailSender sender, PlatformTransactionManager transactionManager, Clock clock,
            AuthProperties properties) {
        this(outbox, sender, transactionManager, clock, properties.getMailFrom(), properties.getMailRetryMaxDelay());
    }

    MailRelay(MailOutbox outbox, MailSender sender, PlatformTransactionManager transactionManager, Clock clock,
            String from, Duration maxDelay) {
        this.outbox = outbox;
        this.sender = sender;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
        this.from = from;
        this.maxDelay = maxDelay;
    }

    /** What one attempt did. */
    enum Outcome { NOTHING_DUE, SENT, FAILED, EXPIRED }

    /** Asks the relay to look now (after a commit that queued a mail). */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Sends (or retires) the oldest due mail, in one transaction. */
    Outcome relayOnce() {
        return transactions.execute(status -> {
            Instant now = Db.now(clock);
            Optional<MailOutbox.Pending> next = outbox.lockNextDue(now);
            if (next.isEmpty()) {
                return Outcome.NOTHING_DUE;
            }
            MailOutbox.Pending mail = next.get();
            if (!mail.expiresAt().isAfter(now)) {
                outbox.markExpired(mail.id());
                log.warn("A {} mail expired unsent after {} attempts", mail.kind(), mail.attempts());
                return Outcome.EXPIRED;
            }
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom(from);
            message.setTo(mail.recipient());
            message.setSubject(mail.subject());
            message.setText(mail.text());
            try {
                sender.send(message);
            } catch (MailException e) {
                Duration delay = delayAfter(mail.attempts() + 1);
                outbox.retryLater(mail.id(), now.plus(delay), e.getClass().getSimpleName());
                log.info("Could not send a {} mail (attempt {}, {}); trying again in {} s", mail.kind(),
                        mail.attempts() + 1, e.getClass().getSimpleName(), delay.toSeconds());
                return Outcome.FAILED;
            }
            outbox.markSent(mail.id(), Db.now(clock));
            return Outcome.SENT;
        });
    }

    Duration delayAfter(int failures) {
        Duration d = failures <= BACKOFF.size() ? BACKOFF.get(failures - 1) : maxDelay;
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    private void loop() {
        while (running) {
            Duration wait = POLL;
            try {
                Outcome outcome = relayOnce();
                if (outcome == Outcome.SENT || outcome == Outcome.EXPIRED) {
                    continue;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Mail relay could not read its queue; retrying in {} s: {}", 5, e.toString());
                wait = Duration.ofSeconds(5);
            }
            try {
                if (wakeups.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::loop, "mail-relay");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            wake();
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the database is up; stops before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
