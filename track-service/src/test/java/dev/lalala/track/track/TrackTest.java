package dev.lalala.track.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TrackTest {

    static final UUID OWNER = UUID.randomUUID();
    static final UUID SOMEONE = UUID.randomUUID();

    @Test
    void publishedPublicAndUnlistedSongsAreSeenByAnyone() {
        for (Visibility visibility : List.of(Visibility.PUBLIC, Visibility.UNLISTED)) {
            Track track = track(ProcessingStatus.READY, visibility);
            assertThat(track.visibleTo(Optional.empty())).isTrue();
            assertThat(track.visibleTo(Optional.of(SOMEONE))).isTrue();
            assertThat(track.visibleTo(Optional.of(OWNER))).isTrue();
        }
    }

    @Test
    void privateOrUnfinishedSongsAreSeenByTheirOwnerOnly() {
        List<Track> hidden = List.of(track(ProcessingStatus.READY, Visibility.PRIVATE),
                track(ProcessingStatus.PROCESSING, Visibility.PUBLIC),
                track(ProcessingStatus.FAILED, Visibility.PUBLIC));
        for (Track track : hidden) {
            assertThat(track.visibleTo(Optional.empty())).isFalse();
            assertThat(track.visibleTo(Optional.of(SOMEONE))).isFalse();
            assertThat(track.visibleTo(Optional.of(OWNER))).isTrue();
        }
    }

    @Test
    void theProcessingStateIsShownToTheOwnerOnly() {
        Track track = track(ProcessingStatus.PROCESSING, Visibility.PUBLIC);
        assertThat(TrackView.of(track, true).processing())
                .isEqualTo(new TrackView.Processing(ProcessingStage.SEGMENTING, 40, null));
        assertThat(TrackView.of(track, false).processing()).isNull();
    }

    static Track track(ProcessingStatus status, Visibility visibility) {
        return new Track(UUID.randomUUID(), OWNER, "Song", "jazz", List.of("late night"), null, visibility, status,
                ProcessingStage.SEGMENTING, 40, null, null, null, null, null, 0, 0, Instant.now(),
                status == ProcessingStatus.READY ? Instant.now() : null, false, null, null);
    }
}
