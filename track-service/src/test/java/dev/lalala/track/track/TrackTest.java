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

    static final Instant NOW = Instant.parse("2026-04-01T09:00:00.123Z");
    static final Track.Measured MEASURED = new Track.Measured(12_000, 3, 44_100, -3.5, -10.5, List.of(0.5, 1.0),
            "Title\u0000 From The Tag", true);

    @Test
    void publishingTakesTheMeasurementsAndTheTagsOnlyWhereTheUploaderGaveNothing() {
        Track byName = Track.uploaded(UUID.randomUUID(), OWNER, null, "from the name", "jazz", List.of("a"), "d",
                Visibility.UNLISTED, false, NOW);
        Track ready = byName.publish(MEASURED, NOW.plusSeconds(5));
        assertThat(ready.status()).isEqualTo(ProcessingStatus.READY);
        assertThat(ready.processingStage()).isEqualTo(ProcessingStage.DONE);
        assertThat(ready.processingPercent()).isEqualTo(100);
        assertThat(ready.title()).as("the tag, cleaned").isEqualTo("Title From The Tag");
        assertThat(ready.hasCover()).isTrue();
        assertThat(ready.durationMs()).isEqualTo(12_000);
        assertThat(ready.waveform()).containsExactly(0.5, 1.0);

        var event = ready.publishedEvent(220_500);
        assertThat(event.trackId()).isEqualTo(byName.id());
        assertThat(event.title()).isEqualTo("Title From The Tag");
        assertThat(event.tags()).containsExactly("a");
        assertThat(event.visibility()).isEqualTo(Visibility.UNLISTED);
        assertThat(event.segmentCount()).isEqualTo(3);
        assertThat(event.segmentSamples()).isEqualTo(220_500);
        assertThat(event.coverUrl()).isEqualTo("/api/tracks/" + byName.id() + "/cover/300.jpg");
        assertThat(event.publishedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(ready.progressEvent().status()).isEqualTo(ProcessingStatus.READY);

        Track named = Track.uploaded(UUID.randomUUID(), OWNER, "Mine", "x", "jazz", List.of(), null,
                Visibility.PUBLIC, true, NOW);
        assertThat(named.publish(MEASURED, NOW).title()).isEqualTo("Mine");
        Track renamed = byName.edit("Renamed", null, null, false, null, null);
        assertThat(renamed.titleFromTags()).isFalse();
        assertThat(renamed.publish(MEASURED, NOW).title()).as("an owner's title stays").isEqualTo("Renamed");
        assertThat(renamed.description()).isEqualTo("d");
    }

    @Test
    void aFailedSongKeepsItsStageAndSaysWhy() {
        Track failed = track(ProcessingStatus.PROCESSING, Visibility.PUBLIC).withCover().fail("x".repeat(600));
        assertThat(failed.status()).isEqualTo(ProcessingStatus.FAILED);
        assertThat(failed.hasCover()).isFalse();
        assertThat(failed.failureReason()).hasSize(500);
        assertThat(failed.progressEvent().stage()).isEqualTo(ProcessingStage.SEGMENTING);
        assertThat(failed.progressEvent().percent()).isEqualTo(40);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> failed.publishedEvent(220_500))
                .isInstanceOf(IllegalStateException.class);
    }

    static Track track(ProcessingStatus status, Visibility visibility) {
        return new Track(UUID.randomUUID(), OWNER, "Song", "jazz", List.of("late night"), null, visibility, status,
                ProcessingStage.SEGMENTING, 40, null, null, null, null, null, 0, 0, Instant.now(),
                status == ProcessingStatus.READY ? Instant.now() : null, false, null, null, false);
    }
}
