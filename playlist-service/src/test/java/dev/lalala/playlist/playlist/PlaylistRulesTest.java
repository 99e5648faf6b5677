package dev.lalala.playlist.playlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.Visibility;
import dev.lalala.playlist.track.TrackSummary;
import dev.lalala.playlist.user.UserSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may do what with a playlist, which songs show, and the gap-based keys. Pure logic. */
class PlaylistRulesTest {

    static final UUID OWNER = UUID.randomUUID();
    static final UUID SOMEONE = UUID.randomUUID();

    @Test
    void privateListsDoNotExistForOthersAndOnlyTheOwnerChangesDetails() {
        Playlist publicList = playlist(Visibility.PUBLIC);
        Playlist unlisted = playlist(Visibility.UNLISTED);
        Playlist privateList = playlist(Visibility.PRIVATE);

        assertThat(Access.of(publicList, Optional.empty(), false)).isEqualTo(Access.VIEWER);
        assertThat(Access.of(unlisted, Optional.of(SOMEONE), false)).isEqualTo(Access.VIEWER);
        assertThat(Access.of(privateList, Optional.of(SOMEONE), false)).isEqualTo(Access.NONE);
        assertThat(Access.of(privateList, Optional.empty(), false)).isEqualTo(Access.NONE);
        assertThat(Access.of(privateList, Optional.of(SOMEONE), true)).isEqualTo(Access.COLLABORATOR);
        assertThat(Access.of(privateList, Optional.of(OWNER), false)).isEqualTo(Access.OWNER);

        assertThatThrownBy(() -> Access.NONE.mustEditItems(UUID.randomUUID()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(404));
        assertThatThrownBy(() -> Access.VIEWER.mustEditItems(UUID.randomUUID()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(403));
        assertThatThrownBy(() -> Access.COLLABORATOR.mustOwn(UUID.randomUUID()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(403));
        Access.COLLABORATOR.mustEditItems(UUID.randomUUID());
        Access.OWNER.mustOwn(UUID.randomUUID());
    }

    @Test
    void songsThatAreGoneUnknownOrSomeoneElsesPrivateOnesShowOnlyTheirId() {
        UUID artist = UUID.randomUUID();
        Instant at = Instant.now();
        TrackSummary available = new TrackSummary(UUID.randomUUID(), "Song", artist, 200_000L, "/c.jpg",
                Visibility.PUBLIC, true);
        TrackSummary deleted = new TrackSummary(UUID.randomUUID(), "Gone", artist, 1L, null, Visibility.PUBLIC, false);
        TrackSummary privateSong = new TrackSummary(UUID.randomUUID(), "Mine", artist, 1L, "/p.jpg",
                Visibility.PRIVATE, true);
        List<PlaylistItem> items = List.of(item(available, at), item(deleted, at), item(privateSong, at),
                new PlaylistItem(UUID.randomUUID(), UUID.randomUUID(), null, at, null, null));

        PlaylistView anonymous = PlaylistView.of(playlist(Visibility.PUBLIC), null, items, List.of(), Access.VIEWER,
                false, Optional.empty());
        assertThat(anonymous.items()).extracting(PlaylistView.Item::available).containsExactly(true, false, false,
                false);
        assertThat(anonymous.items()).extracting(PlaylistView.Item::position).containsExactly(0, 1, 2, 3);
        assertThat(anonymous.items().get(0).artistName()).isEqualTo("Ada Lovelace");
        assertThat(anonymous.items().get(0).artistHandle()).isEqualTo("ada");
        assertThat(anonymous.items().get(1).title()).isNull();
        assertThat(anonymous.items().get(1).artistName()).isNull();
        assertThat(anonymous.items().get(2).coverUrl()).isNull();
        assertThat(anonymous.coverUrl()).isEqualTo("/c.jpg");
        assertThat(anonymous.trackCount()).isEqualTo(4);

        PlaylistView artistView = PlaylistView.of(playlist(Visibility.PUBLIC), null, items, List.of(),
                Access.VIEWER, false, Optional.of(artist));
        assertThat(artistView.items().get(2).title()).isEqualTo("Mine");
    }

    @Test
    void aKeyBetweenTwoNeighboursLeavesEveryOtherKeyAlone() {
        assertThat(SortKeys.between(null, null)).hasValue(SortKeys.GAP);
        assertThat(SortKeys.between(null, 5 * SortKeys.GAP)).hasValue(4 * SortKeys.GAP);
        assertThat(SortKeys.between(5 * SortKeys.GAP, null)).hasValue(6 * SortKeys.GAP);
        assertThat(SortKeys.between(10L, 20L)).hasValue(15L);
        assertThat(SortKeys.between(10L, 11L)).isEmpty();
        assertThat(SortKeys.between(-3L, -1L)).hasValue(-2L);
    }

    @Test
    void movingIntoTheSameSlotRunsOutOfRoomOnlyAfterAboutTwentyMoves() {
        long before = SortKeys.spread(0);
        long after = SortKeys.spread(1);
        int moves = 0;
        OptionalLong key;
        while ((key = SortKeys.between(before, after)).isPresent()) {
            after = key.getAsLong();
            moves++;
        }
        assertThat(moves).isEqualTo(20);
        List<Long> spread = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            spread.add(SortKeys.spread(i));
        }
        assertThat(spread).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void anArtistOrOwnerShowsByNameOnlyWhileTheAccountExists() {
        UUID artist = UUID.randomUUID();
        TrackSummary song = new TrackSummary(UUID.randomUUID(), "Song", artist, 1L, null, Visibility.PUBLIC, true);
        Instant at = Instant.now();
        List<PlaylistItem> items = List.of(
                new PlaylistItem(UUID.randomUUID(), song.trackId(), OWNER, at, song,
                        new UserSummary(artist, "ada", "Ada", false)),
                new PlaylistItem(UUID.randomUUID(), song.trackId(), OWNER, at, song,
                        new UserSummary(artist, null, null, true)),
                new PlaylistItem(UUID.randomUUID(), song.trackId(), OWNER, at, song, null));
        PlaylistView named = PlaylistView.of(playlist(Visibility.PUBLIC), new UserSummary(OWNER, "own", "Owner", false),
                items, List.of(), Access.VIEWER, false, Optional.empty());
        assertThat(named.ownerName()).isEqualTo("Owner");
        assertThat(named.ownerHandle()).isEqualTo("own");
        assertThat(named.items()).extracting(PlaylistView.Item::artistName).containsExactly("Ada", null, null);
        assertThat(named.items()).extracting(PlaylistView.Item::artistId).containsOnly(artist);
        PlaylistView ownerGone = PlaylistView.of(playlist(Visibility.PUBLIC), new UserSummary(OWNER, null, null, true),
                items, List.of(), Access.VIEWER, false, Optional.empty());
        assertThat(ownerGone.ownerName()).isNull();
    }

    static PlaylistItem item(TrackSummary track, Instant at) {
        return new PlaylistItem(UUID.randomUUID(), track.trackId(), OWNER, at, track,
                new UserSummary(track.ownerId(), "ada", "Ada Lovelace", false));
    }

    static Playlist playlist(Visibility visibility) {
        return new Playlist(UUID.randomUUID(), OWNER, "Mix", null, visibility, false, null, 0, 0, 0, Instant.now(),
                Instant.now());
    }
}
