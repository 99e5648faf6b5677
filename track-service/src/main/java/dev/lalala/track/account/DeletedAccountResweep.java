package dev.lalala.track.account;

import dev.lalala.events.user.UserDeleted;
import dev.lalala.track.like.Likes;
import dev.lalala.track.track.TrackEditing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Catches writes that raced an account's deletion. A request authenticated just before UserDeleted reached its
 * instance (an upload streaming for minutes, a like in flight) can commit after {@link UserDeletedHandler} removed
 * the account's songs and likes. Every service refuses the account's token once the event arrives
 * (service-defaults' revocation list), so such writes can only begin before that: sweeping the account again a few
 * times, the last after the longest request (an upload, up to the gateway's 10-minute upload timeout), removes
 * whatever slipped in. A subscription of its own (TrackSubscriptions), so it runs on one instance per deletion like the
 * handler; the sweeps are idempotent (nothing found, nothing done).
 */
@Component
public class DeletedAccountResweep implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeletedAccountResweep.class);

    private final TrackEditing editing;
    private final Likes likes;
    private final TransactionTemplate transactions;
    private final List<Duration> delays;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("deleted-account-resweep").factory());

    DeletedAccountResweep(TrackEditing editing, Likes likes, PlatformTransactionManager transactionManager,
            @Value("${lalala.tracks.deletion-resweeps:10s,1m,11m}") List<Duration> delays) {
        this.editing = editing;
        this.likes = likes;
        this.transactions = new TransactionTemplate(transactionManager);
        this.delays = List.copyOf(delays);
    }

    /** Declared in TrackSubscriptions (on every UserDeleted, idempotent by itself: a sweep that finds nothing does nothing). */
    public void schedule(UserDeleted deleted) {
        for (Duration delay : delays) {
            scheduler.schedule(() -> sweep(deleted.userId()), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Removes what the account still has: likes first (their counts go down), then songs, files once committed. */
    int sweep(UUID user) {
        try {
            List<UUID> songs = new ArrayList<>();
            int[] unliked = {0};
            transactions.executeWithoutResult(status -> {
                for (UUID track : likes.likedTrackIds(user)) {
                    if (likes.removeLike(user, track)) {
                        unliked[0]++;
                    }
                }
                songs.addAll(editing.deleteRowsOf(user));
            });
            editing.deleteBlobs(songs);
            if (!songs.isEmpty() || unliked[0] > 0) {
                log.warn("deleted user {}: removed {} song(s) and {} like(s) written after the deletion",
                        user, songs.size(), unliked[0]);
            }
            return songs.size() + unliked[0];
        } catch (RuntimeException e) {
            log.warn("deleted user {}: re-sweep failed: {}", user, e.toString());
            return 0;
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
