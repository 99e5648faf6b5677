package dev.lalala.events.track;

import dev.lalala.events.EventPayload;
import dev.lalala.events.Visibility;
import java.util.List;
import java.util.UUID;

/** The upload was received and stored; processing starts. */
public record TrackUploaded(
        UUID trackId,
        UUID ownerId,
        String title,
        String genre,
        List<String> tags,
        Visibility visibility,
        String originalFilename,
        long sizeBytes)
        implements EventPayload {

    public TrackUploaded {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
