package dev.lalala.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuggestionTest {

    static Map<String, Object> song(String title, String visibility, long likes, String publishedAt) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", "5b0c5f0e-0000-4000-8000-000000000001");
        doc.put("ownerId", "5b0c5f0e-0000-4000-8000-0000000000aa");
        doc.put("title", title);
        doc.put("visibility", visibility);
        doc.put("likes", likes);
        doc.put("publishedAt", publishedAt);
        doc.put("deleted", false);
        return doc;
    }

    @Test
    void everyWordOnStartsAnInputAndTheAudienceIsWhoMaySeeIt() {
        Map<String, Object> s = IndexDefinitions.suggestion(song("Starfall  별빛바다 Nights", "PUBLIC", 0,
                "2026-12-01T00:00:00Z"));
        assertThat(s.get("input")).isEqualTo(List.of("Starfall 별빛바다 Nights", "별빛바다 Nights", "Nights"));
        assertThat(s.get("contexts")).isEqualTo(Map.of("audience",
                List.of("owner:5b0c5f0e-0000-4000-8000-0000000000aa", "public")));
        Map<String, Object> hidden = IndexDefinitions.suggestion(song("Secret", "UNLISTED", 0, null));
        assertThat(hidden.get("contexts")).isEqualTo(Map.of("audience",
                List.of("owner:5b0c5f0e-0000-4000-8000-0000000000aa")));
    }

    @Test
    void artistsAreCompletedByNameAndHandle() {
        Map<String, Object> artist = new LinkedHashMap<>();
        artist.put("id", "5b0c5f0e-0000-4000-8000-0000000000aa");
        artist.put("ownerId", "5b0c5f0e-0000-4000-8000-0000000000aa");
        artist.put("displayName", "Haneul Kim");
        artist.put("handle", "haneul");
        artist.put("visibility", "PUBLIC");
        assertThat(IndexDefinitions.suggestion(artist).get("input")).isEqualTo(List.of("Haneul Kim", "Kim", "haneul"));
    }

    @Test
    void deletedGoneOwnersAndPlaceholdersAreSuggestedToNoOne() {
        Map<String, Object> deleted = song("Gone", "PUBLIC", 0, null);
        deleted.put("deleted", true);
        assertThat(IndexDefinitions.suggestion(deleted)).isNull();
        Map<String, Object> ownerGone = song("Gone", "PUBLIC", 0, null);
        ownerGone.put("ownerDeleted", true);
        assertThat(IndexDefinitions.suggestion(ownerGone)).isNull();
        Map<String, Object> placeholder = new LinkedHashMap<>(Map.of("itemsWaiting", true));
        assertThat(IndexDefinitions.suggestion(placeholder)).isNull();
        assertThat(IndexDefinitions.suggestion(song("   ", "PUBLIC", 0, null))).isNull();
    }

    @Test
    void theWeightRanksByPopularityThenByTheNewer() {
        int liked = IndexDefinitions.weight(song("a", "PUBLIC", 1, "2020-01-01T00:00:00Z"));
        int fresh = IndexDefinitions.weight(song("a", "PUBLIC", 0, "2026-12-01T00:00:00Z"));
        int old = IndexDefinitions.weight(song("a", "PUBLIC", 0, "2026-01-01T00:00:00Z"));
        assertThat(liked).isGreaterThan(fresh);
        assertThat(fresh).isGreaterThan(old);
        Map<String, Object> huge = song("a", "PUBLIC", Long.MAX_VALUE / 2, "2026-01-01T00:00:00Z");
        assertThat(IndexDefinitions.weight(huge)).isPositive();
    }
}
