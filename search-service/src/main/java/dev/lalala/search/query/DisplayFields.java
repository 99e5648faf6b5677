package dev.lalala.search.query;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.lalala.search.index.SearchIndex;
import java.util.List;

/** The part of a document's source a result shows; one shape for the three indices (absent fields are null). */
@JsonIgnoreProperties(ignoreUnknown = true)
record DisplayFields(String title, String artistName, String coverUrl, String displayName, String handle,
        String avatarUrl, String name, String ownerName) {

    /** What to fetch of the source: nothing else is needed to render a hit. */
    static final List<String> SOURCE_FIELDS =
            List.of("title", "artistName", "coverUrl", "displayName", "handle", "avatarUrl", "name", "ownerName");

    SearchResult toResult(SearchIndex index, String id, Double score) {
        return switch (index) {
            case TRACKS -> new SearchResult(index.resultType(), id, title, artistName, coverUrl, score);
            case ARTISTS -> new SearchResult(index.resultType(), id, displayName != null ? displayName : handle,
                    handle != null ? "@" + handle : null, avatarUrl, score);
            case PLAYLISTS -> new SearchResult(index.resultType(), id, name, ownerName, null, score);
        };
    }

    String titleFor(SearchIndex index) {
        return toResult(index, null, null).title();
    }
}
