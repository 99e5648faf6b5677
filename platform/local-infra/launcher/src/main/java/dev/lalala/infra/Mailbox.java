package dev.lalala.infra;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The messages delivered to one address, with helpers to wait for mail in tests. */
public final class Mailbox {

    private static final long POLL_MILLIS = 100;

    private final MailReader reader;
    private final String address;

    Mailbox(MailReader reader, String address) {
        this.reader = reader;
        this.address = address;
    }

    public String address() {
        return address;
    }

    /** The messages delivered so far, oldest first. */
    public List<MailMessage> messages() {
        return reader.fetch(address);
    }

    /** The newest message, if any. */
    public Optional<MailMessage> latest() {
        List<MailMessage> all = messages();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** The first message in this mailbox (waiting up to the timeout for one to arrive). */
    public MailMessage awaitMessage(Duration timeout) {
        return awaitMessage(m -> true, timeout);
    }

    /** The first message matching the condition (waiting up to the timeout); fails with an AssertionError. */
    public MailMessage awaitMessage(Predicate<MailMessage> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MailMessage> seen;
        do {
            seen = messages();
            for (MailMessage m : seen) {
                if (condition.test(m)) {
                    return m;
                }
            }
            Processes.sleep(POLL_MILLIS);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no matching message for " + address + " within " + timeout.toMillis() + " ms; mailbox has "
                + seen.size() + " message(s)" + (seen.isEmpty() ? "" : ": " + seen.stream().map(MailMessage::subject).toList()));
    }

    /** Waits until at least {@code count} messages arrived; returns them all. */
    public List<MailMessage> awaitMessages(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MailMessage> seen;
        do {
            seen = messages();
            if (seen.size() >= count) {
                return seen;
            }
            Processes.sleep(POLL_MILLIS);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + count + " message(s) for " + address + " within " + timeout.toMillis()
                + " ms, got " + seen.size());
    }

    /** Deletes this mailbox's messages. */
    public void clear() {
        reader.delete(address);
    }

    @Override
    public String toString() {
        return "Mailbox[" + address + "]";
    }
}
