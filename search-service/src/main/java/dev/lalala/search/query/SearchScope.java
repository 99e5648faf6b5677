package dev.lalala.search.query;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.search.index.SearchIndex;
import java.util.List;
import java.util.Locale;

/** What a search looks through: {@code ?type=track|artist|playlist|all} (plurals accepted). */
public enum SearchScope {

    TRACK(List.of(SearchIndex.TRACKS)),
    ARTIST(List.of(SearchIndex.ARTISTS)),
    PLAYLIST(List.of(SearchIndex.PLAYLISTS)),
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
        String t = type.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "track", "tracks" -> TRACK;
            case "artist", "artists" -> ARTIST;
            case "playlist", "playlists" -> PLAYLIST;
            case "all" -> ALL;
            default -> throw ApiException.badRequest("invalid-type", "type must be one of track, artist, playlist "
                    + "or all.");
        };
    }
}
