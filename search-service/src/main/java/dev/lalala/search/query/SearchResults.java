package dev.lalala.search.query;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * One page of hits.
 *
 * @param facets counts over everything the query matched (not only this page): by {@code type} (track, artist,
 *               playlist) and by {@code genre} (songs)
 */
@Schema(description = "The best hits for a query, most relevant first, with facet counts and the cursor of the next "
        + "page (absent on the last).")
public record SearchResults(String query, String type, List<Item> items, Map<String, Map<String, Long>> facets,
        String nextCursor) {

    @Schema(description = "One hit as a result list shows it. title/subtitle: a song's title and artist, an artist's "
            + "name and @handle, a playlist's name and owner. highlight: the title with the matched words in <em> "
            + "(HTML-escaped otherwise). Counts are those the search index received in events.")
    public record Item(String type, String id, String title, String subtitle, String highlight, String imageUrl,
            String genre, Long durationMs, Long plays, Long likes, Long followers, Long trackCount,
            String visibility, Double score) {
    }
}
