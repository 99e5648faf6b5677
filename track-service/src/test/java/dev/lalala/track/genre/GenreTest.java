package dev.lalala.track.genre;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GenreTest {

    @Test
    void idsAreUrlSafeAndUnique() {
        assertThat(Arrays.stream(Genre.values()).map(Genre::id))
                .doesNotHaveDuplicates()
                .allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"));
        assertThat(Arrays.stream(Genre.values()).map(Genre::displayName)).doesNotHaveDuplicates();
    }

    @Test
    void coversTheAgreedList() {
        assertThat(Arrays.stream(Genre.values()).map(Genre::id)).containsExactly("ambient", "classical", "electronic",
                "folk", "hip-hop", "indie", "jazz", "k-pop", "metal", "pop", "r-n-b", "rock", "soundtrack", "other");
        assertThat(Genre.R_N_B.displayName()).isEqualTo("R&B");
        assertThat(Genre.K_POP.displayName()).isEqualTo("K-Pop");
    }

    @Test
    void isFoundByIdOnly() {
        assertThat(Genre.byId("hip-hop")).contains(Genre.HIP_HOP);
        assertThat(Genre.byId("HIP_HOP")).isEmpty();
        assertThat(Genre.byId("Hip-Hop")).isEmpty();
        assertThat(Genre.byId("polka")).isEmpty();
        assertThat(Genre.byId(null)).isEmpty();
    }

    @Test
    void theEndpointListsEveryGenreInOrder() {
        assertThat(GenreController.ALL.items()).hasSize(Genre.values().length);
        assertThat(GenreController.ALL.items().getFirst())
                .isEqualTo(new GenreController.GenreList.Item("ambient", "Ambient"));
    }
}
