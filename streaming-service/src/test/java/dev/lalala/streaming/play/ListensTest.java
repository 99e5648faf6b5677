package dev.lalala.streaming.play;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.Visibility;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.streaming.StreamingProperties;
import dev.lalala.testsupport.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListensTest {

    final TestClock clock = TestClock.at(Instant.parse("2026-05-01T12:00:00Z"));
    final List<PlayVerified> published = new CopyOnWriteArrayList<>();
    final Listens listens = new Listens(new PlayPublisher(null, clock, new SimpleMeterRegistry()) {
        @Override
        public void publish(PlayVerified play) {
            published.add(play);
        }
    }, clock, new StreamingProperties());

    /** 10 segments of 5 s, the last 2 s. */
    final TrackManifest track = new TrackManifest(1, UUID.randomUUID(), UUID.randomUUID(), Visibility.PUBLIC, 44_100,
            2, 16, 10, 220_500, 88_200, 9 * 220_500 + 88_200, 47_000, -14, 0, List.of(), 1, Instant.EPOCH);
    final UUID listener = UUID.randomUUID();

    @AfterEach
    void stop() {
        listens.stop();
    }

    @Test
    void thirtySecondsDeliveredAndThirtySecondsPassedMakeOnePlay() {
        Listens.Listen listen = listens.begin(listener, track.trackId());
        for (int i = 0; i < 6; i++) {
            listens.delivered(listen, track, i);
        }
        assertThat(published).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        listens.verifyIfHeard(listen);
        listens.verifyIfHeard(listen);
        listens.delivered(listen, track, 6);

        assertThat(published).singleElement().satisfies(play -> {
            assertThat(play.playId()).isEqualTo(listen.playId());
            assertThat(play.listenerId()).isEqualTo(listener);
            assertThat(play.trackId()).isEqualTo(track.trackId());
            assertThat(play.deliveredMs()).isEqualTo(30_000);
        });
    }

    @Test
    void theSameSegmentTwiceCountsOnce() {
        Listens.Listen listen = listens.begin(listener, track.trackId());
        for (int round = 0; round < 5; round++) {
            listens.delivered(listen, track, 0);
            listens.delivered(listen, track, 1);
        }
        clock.advance(Duration.ofMinutes(1));
        listens.verifyIfHeard(listen);

        assertThat(listen.deliveredMs()).isEqualTo(10_000);
        assertThat(published).isEmpty();
    }

    @Test
    void aSkipDoesNotCountEvenWithMuchBuffered() {
        Listens.Listen listen = listens.begin(listener, track.trackId());
        for (int i = 0; i < 9; i++) {
            listens.delivered(listen, track, i);
        }
        clock.advance(Duration.ofSeconds(5));
        listens.leave(listen);
        clock.advance(Duration.ofSeconds(60));
        listens.verifyIfHeard(listen);

        assertThat(published).isEmpty();
    }

    @Test
    void aReconnectWithinTheWindowContinuesTheListenAndLaterIsANewOne() {
        Listens.Listen first = listens.begin(listener, track.trackId());
        listens.delivered(first, track, 0);
        listens.leave(first);
        clock.advance(Duration.ofSeconds(90));

        Listens.Listen resumed = listens.begin(listener, track.trackId());
        assertThat(resumed.playId()).isEqualTo(first.playId());
        listens.leave(resumed);

        clock.advance(Duration.ofMinutes(3));
        assertThat(listens.begin(listener, track.trackId()).playId()).isNotEqualTo(first.playId());
    }

    @Test
    void afterTheWholeTrackWasDeliveredPlayingAgainIsANewListen() {
        Listens.Listen listen = listens.begin(listener, track.trackId());
        for (int i = 0; i < 10; i++) {
            listens.delivered(listen, track, i);
        }
        clock.advance(Duration.ofSeconds(47));
        listens.verifyIfHeard(listen);
        listens.leave(listen);

        Listens.Listen again = listens.begin(listener, track.trackId());
        assertThat(again.playId()).isNotEqualTo(listen.playId());
        assertThat(published).hasSize(1);
    }
}
