package dev.lalala.auth;

import dev.lalala.auth.mail.EmailTokens;
import dev.lalala.auth.mail.MailOutbox;
import dev.lalala.auth.session.RefreshTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes refresh and mail tokens long past use, so the tables hold only tokens that can still matter. Every instance
 * runs it; deleting the same rows twice is harmless.
 */
@Component
class TokenSweep {

    private static final Logger log = LoggerFactory.getLogger(TokenSweep.class);

    /** Kept this long after they stopped working, for anyone looking into a recent incident. */
    static final Duration KEEP = Duration.ofDays(1);
    /** Rows per statement, so a big backlog never holds many locks at once. */
    static final int BATCH = 1000;

    private final RefreshTokens refreshTokens;
    private final EmailTokens emailTokens;
    private final MailOutbox mailOutbox;
    private final Clock clock;

    TokenSweep(RefreshTokens refreshTokens, EmailTokens emailTokens, MailOutbox mailOutbox, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.emailTokens = emailTokens;
        this.mailOutbox = mailOutbox;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT2M")
    void sweep() {
        Instant cutoff = clock.instant().minus(KEEP);
        int refresh = 0;
        int mail = 0;
        for (int n; (n = refreshTokens.deleteExpired(cutoff, BATCH)) > 0; ) {
            refresh += n;
        }
        for (int n; (n = emailTokens.deleteUsedOrExpired(cutoff, BATCH)) > 0; ) {
            mail += n;
        }
        for (int n; (n = mailOutbox.deleteDone(cutoff, BATCH)) > 0; ) {
            mail += n;
        }
        if (refresh + mail > 0) {
            log.info("Deleted {} expired refresh tokens and {} used or expired mail tokens or sent mails", refresh, mail);
        }
    }
}
