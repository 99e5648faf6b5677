package dev.lalala.events.track;

import dev.lalala.events.EventPayload;
import dev.lalala.events.Visibility;
import java.util.List;
import java.util.UUID;

/** The owner changed the song's metadata; the full editable state as it now stands. */
public record TrackUpdated(
        UUID trackId,
        UUID ownerId,
        String title,
        String genre,
        List<String> tags,
        String description,
        Visibility visibility,
        String coverUrl)
        implements EventPayload {

    public TrackUpdated {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
