package dev.lalala.events.track;

import dev.lalala.events.EventPayload;
import java.util.UUID;

/** Progress of the pipeline, for the uploader's progress bar. {@code failureReason} is set only when FAILED. */
public record TrackProcessingProgressed(
        UUID trackId, UUID ownerId, ProcessingStage stage, int percent, ProcessingStatus status, String failureReason)
        implements EventPayload {

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
