package dev.lalala.playlist.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlaylistVisibilityTest {

    static final UUID OWNER = UUID.randomUUID();
    static final UUID SOMEONE = UUID.randomUUID();

    @Test
    void publicPlaylistsAreSeenByAnyonePrivateOnesByTheirOwner() {
        assertThat(playlist(Visibility.PUBLIC).visibleTo(Optional.empty())).isTrue();
        assertThat(playlist(Visibility.PUBLIC).visibleTo(Optional.of(SOMEONE))).isTrue();
        assertThat(playlist(Visibility.PRIVATE).visibleTo(Optional.empty())).isFalse();
        assertThat(playlist(Visibility.PRIVATE).visibleTo(Optional.of(SOMEONE))).isFalse();
        assertThat(playlist(Visibility.PRIVATE).visibleTo(Optional.of(OWNER))).isTrue();
    }

    @Test
    void songsThatAreGoneUnknownOrSomeoneElsesPrivateOnesShowOnlyTheirId() {
        UUID artist = UUID.randomUUID();
        Instant at = Instant.now();
        TrackSummary available = new TrackSummary(UUID.randomUUID(), "Song", artist, 200_000L, Visibility.PUBLIC, true);
        TrackSummary deleted = new TrackSummary(UUID.randomUUID(), "Gone", artist, 1L, Visibility.PUBLIC, false);
        TrackSummary privateSong = new TrackSummary(UUID.randomUUID(), "Mine", artist, 1L, Visibility.PRIVATE, true);

        List<PlaylistItem> items = List.of(new PlaylistItem(0, available.trackId(), OWNER, at, available),
                new PlaylistItem(1, deleted.trackId(), OWNER, at, deleted),
                new PlaylistItem(2, privateSong.trackId(), OWNER, at, privateSong),
                new PlaylistItem(3, UUID.randomUUID(), OWNER, at, null));

        List<PlaylistView.Item> anonymous = PlaylistView.of(playlist(Visibility.PUBLIC), items, Optional.empty()).items();
        assertThat(anonymous).extracting(PlaylistView.Item::available).containsExactly(true, false, false, false);
        assertThat(anonymous.get(0).title()).isEqualTo("Song");
        assertThat(anonymous.get(1).title()).isNull();
        assertThat(anonymous.get(2).title()).isNull();
        assertThat(anonymous).extracting(PlaylistView.Item::position).containsExactly(0, 1, 2, 3);

        List<PlaylistView.Item> artistView = PlaylistView.of(playlist(Visibility.PUBLIC), items, Optional.of(artist))
                .items();
        assertThat(artistView.get(2).available()).isTrue();
        assertThat(artistView.get(2).title()).isEqualTo("Mine");
    }

    static Playlist playlist(Visibility visibility) {
        return new Playlist(UUID.randomUUID(), OWNER, "Mix", null, visibility, false, 0, Instant.now(), Instant.now());
    }
}
