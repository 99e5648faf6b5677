package dev.lalala.search.query;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.search.index.SearchIndex;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a search looks through: {@code ?type=tracks|artists|playlists|all}. */
public enum SearchScope {

    TRACKS(List.of(SearchIndex.TRACKS)),
    ARTISTS(List.of(SearchIndex.ARTISTS)),
    PLAYLISTS(List.of(SearchIndex.PLAYLISTS)),
    ALL(List.of(SearchIndex.values()));

    private final List<SearchIndex> indices;

    SearchScope(List<SearchIndex> indices) {
        this.indices = indices;
    }

    public List<SearchIndex> indices() {
        return indices;
    }

    public List<String> aliases() {
        return indices.stream().map(SearchIndex::alias).toList();
    }

    /** {@link #ALL} when absent; 400 {@code invalid-type} when not one of the four. */
    public static SearchScope parse(String type) {
        if (type == null || type.isBlank()) {
            return ALL;
        }
        return Arrays.stream(values())
                .filter(s -> s.name().equals(type.trim().toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest("invalid-type",
                        "type must be one of tracks, artists, playlists or all."));
    }
}
