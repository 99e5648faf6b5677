package dev.lalala.search.index;

import java.util.Arrays;
import java.util.Optional;

/**
 * The indices this service owns. Clients of the index (queries, later the event consumers) use the alias
 * ({@code tracks}); the data lives in a versioned index behind it ({@code tracks_v1}), so that a new mapping or
 * analyser can be built next to the old one and swapped in by moving the alias.
 */
public enum SearchIndex {

    TRACKS("tracks", "track"),
    ARTISTS("artists", "artist"),
    PLAYLISTS("playlists", "playlist");

    /** The version of the mappings and analysis; a change that needs a rebuild bumps it. */
    public static final int VERSION = 4;

    private final String alias;
    private final String resultType;

    SearchIndex(String alias, String resultType) {
        this.alias = alias;
        this.resultType = resultType;
    }

    /** What queries and writers use: {@code tracks}. */
    public String alias() {
        return alias;
    }

    /** The index behind the alias for the current version: {@code tracks_v1}. */
    public String versionedName() {
        return alias + "_v" + VERSION;
    }

    /** A fresh index for a rebuild, matched by the same template: {@code tracks_v2_r1733500000000}. */
    public String rebuildName(long stamp) {
        return versionedName() + "_r" + stamp;
    }

    /** The index template every version of this index gets its settings and mappings from. */
    public String templateName() {
        return "lalala-" + alias;
    }

    public String indexPattern() {
        return alias + "_v*";
    }

    /** How a hit from this index is labelled in results: {@code track}, {@code artist}, {@code playlist}. */
    public String resultType() {
        return resultType;
    }

    /** The index a hit came from, by its concrete name ({@code tracks_v1}) or its alias. */
    public static Optional<SearchIndex> ofIndexName(String name) {
        return Arrays.stream(values())
                .filter(i -> name.equals(i.alias) || name.startsWith(i.alias + "_v"))
                .findFirst();
    }
}
