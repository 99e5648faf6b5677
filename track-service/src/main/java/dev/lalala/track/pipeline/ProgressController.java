package dev.lalala.track.pipeline;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.track.track.TrackRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The uploader's live progress bar, as server-sent events: a {@code progress} event whenever stage or percent
 * changes, the last one READY or FAILED (with the reason), then the stream ends. It reads the row, which any
 * worker instance updates, so it works whichever instance processes the track.
 */
@RestController
@Tag(name = "Tracks")
class ProgressController {

    private static final Duration POLL = Duration.ofMillis(300);
    /** A comment line this often: a client that left is noticed by the failed write, not only at the timeout. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration LONGEST = Duration.ofMinutes(30);
    /** Each stream polls the database: a few per user (several tabs), not as many as anyone opens. */
    static final int MAX_STREAMS_PER_USER = 5;

    /** One progress event. */
    record Progress(UUID trackId, ProcessingStatus status, ProcessingStage stage, int percent, String failureReason) {

        static Progress of(UUID id, ProcessingJobs.State state) {
            return new Progress(id, state.status(), state.stage(), state.percent(), state.failureReason());
        }
    }

    private final TrackRepository tracks;
    private final ProcessingJobs jobs;
    private final ConcurrentHashMap<UUID, Integer> open = new ConcurrentHashMap<>();

    ProgressController(TrackRepository tracks, ProcessingJobs jobs) {
        this.tracks = tracks;
        this.jobs = jobs;
    }

    @GetMapping(path = "/api/tracks/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a song's processing (server-sent events)",
            description = """
                    Events named `progress` with {trackId, status, stage, percent, failureReason}, until status is \
                    READY or FAILED. Only the song's owner may follow it (anyone else gets 404, as if it did not \
                    exist: the stream shows failures and processing details). At most 5 streams per user at once.""")
    @ApiResponse(responseCode = "429", description = "Too many progress streams open (type too-many-requests)")
    SseEmitter progress(@PathVariable UUID id, Authentication authentication) {
        UUID user = CurrentUser.of(authentication).id();
        // Owner only: a public song's processing (failure reasons included) is the uploader's business.
        tracks.findAccess(id).filter(t -> t.ownerId().equals(user))
                .orElseThrow(() -> ApiException.notFound("Track", id));
        if (!acquire(user)) {
            throw ApiException.tooManyRequests("At most " + MAX_STREAMS_PER_USER
                    + " progress streams may be open at once; close one first.", HEARTBEAT.toSeconds());
        }
        SseEmitter emitter = new SseEmitter(LONGEST.toMillis());
        // Whichever way the stream ends (done, timeout, the client gone), polling stops.
        AtomicBoolean closed = new AtomicBoolean();
        emitter.onCompletion(() -> closed.set(true));
        emitter.onError(e -> closed.set(true));
        emitter.onTimeout(() -> {
            closed.set(true);
            emitter.complete();
        });
        Thread.ofVirtual().name("progress-" + id).start(() -> {
            try {
                follow(id, emitter, closed);
            } finally {
                release(user);
            }
        });
        return emitter;
    }

    private void follow(UUID id, SseEmitter emitter, AtomicBoolean closed) {
        Progress last = null;
        long lastWrite = System.nanoTime();
        try {
            while (!closed.get()) {
                Optional<Progress> current = jobs.state(id).map(state -> Progress.of(id, state));
                if (current.isEmpty()) {
                    emitter.complete();
                    return;
                }
                if (!current.get().equals(last)) {
                    last = current.get();
                    emitter.send(SseEmitter.event().name("progress").data(last, MediaType.APPLICATION_JSON));
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > HEARTBEAT.toNanos()) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                    lastWrite = System.nanoTime();
                }
                if (last.status() != ProcessingStatus.PROCESSING) {
                    emitter.complete();
                    return;
                }
                Thread.sleep(POLL);
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            emitter.completeWithError(e);
        }
    }

    private boolean acquire(UUID user) {
        boolean[] acquired = {false};
        open.compute(user, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= MAX_STREAMS_PER_USER) {
                return n;
            }
            acquired[0] = true;
            return count + 1;
        });
        return acquired[0];
    }

    private void release(UUID user) {
        open.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
    }
}
