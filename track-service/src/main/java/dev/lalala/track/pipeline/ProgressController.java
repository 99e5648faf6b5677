package dev.lalala.track.pipeline;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.track.Viewer;
import dev.lalala.track.track.Track;
import dev.lalala.track.track.TrackRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
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
    private static final Duration LONGEST = Duration.ofMinutes(30);

    /** One progress event. */
    record Progress(UUID trackId, ProcessingStatus status, ProcessingStage stage, int percent, String failureReason) {

        static Progress of(Track track) {
            return new Progress(track.id(), track.status(), track.processingStage(), track.processingPercent(),
                    track.failureReason());
        }
    }

    private final TrackRepository tracks;

    ProgressController(TrackRepository tracks) {
        this.tracks = tracks;
    }

    @GetMapping(path = "/api/tracks/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Follow a song's processing (server-sent events)",
            description = """
                    Events named `progress` with {trackId, status, stage, percent, failureReason}, until status is \
                    READY or FAILED. The owner's (or, once READY and not private, anyone's).""")
    SseEmitter progress(@PathVariable UUID id) {
        Optional<UUID> viewer = Viewer.current();
        Track first = tracks.findById(id).filter(t -> t.visibleTo(viewer))
                .orElseThrow(() -> ApiException.notFound("Track", id));
        SseEmitter emitter = new SseEmitter(LONGEST.toMillis());
        Thread.ofVirtual().name("progress-" + id).start(() -> follow(id, Progress.of(first), emitter));
        return emitter;
    }

    private void follow(UUID id, Progress first, SseEmitter emitter) {
        long deadline = System.nanoTime() + LONGEST.toNanos();
        Progress last = null;
        Progress current = first;
        try {
            while (true) {
                if (!Objects.equals(current, last)) {
                    emitter.send(SseEmitter.event().name("progress").data(current, MediaType.APPLICATION_JSON));
                    last = current;
                }
                if (current.status() != ProcessingStatus.PROCESSING || System.nanoTime() > deadline) {
                    emitter.complete();
                    return;
                }
                Thread.sleep(POLL);
                Optional<Track> track = tracks.findById(id);
                if (track.isEmpty()) {
                    emitter.complete();
                    return;
                }
                current = Progress.of(track.get());
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
}
