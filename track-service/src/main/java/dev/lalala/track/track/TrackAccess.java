package dev.lalala.track.track;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.ProcessingStatus;
import java.util.Optional;
import java.util.UUID;

/**
 * What access checks and the hot paths (cover, likes, an owner's edit) need of a song: one row, no tags, no
 * waveform to parse. {@link Track} is the whole song.
 */
public record TrackAccess(UUID id, UUID ownerId, Visibility visibility, ProcessingStatus status, boolean hasCover,
        long likeCount) {

    /** The same rule as {@link Track#visibleTo}. */
    public boolean visibleTo(Optional<UUID> viewer) {
        return Track.visible(ownerId, status, visibility, viewer);
    }
}
