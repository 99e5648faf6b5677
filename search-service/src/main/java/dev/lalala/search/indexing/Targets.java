package dev.lalala.search.indexing;

import dev.lalala.search.index.SearchIndex;

/** Where documents are written: the aliases (live), or the fresh indices of a rebuild. */
public record Targets(String tracks, String artists, String playlists) {

    public static final Targets LIVE = new Targets(SearchIndex.TRACKS.alias(), SearchIndex.ARTISTS.alias(),
            SearchIndex.PLAYLISTS.alias());

    public String of(SearchIndex index) {
        return switch (index) {
            case TRACKS -> tracks;
            case ARTISTS -> artists;
            case PLAYLISTS -> playlists;
        };
    }
}
