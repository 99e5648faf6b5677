package dev.lalala.playlist.playlist;

import java.util.OptionalLong;

/**
 * Gap-based ordering of a playlist's items. Keys are spaced by {@link #GAP}; an item moved or inserted between two
 * others takes the integer halfway between their keys, so no other row changes. Halving leaves room for about 20
 * moves into the very same slot before two neighbours touch; only then are the playlist's keys spread out again
 * ({@link #spread}), in the same transaction as the move.
 */
final class SortKeys {

    static final long GAP = 1L << 20;

    private SortKeys() {
    }

    /**
     * A key strictly between {@code before} and {@code after} (null: no neighbour on that side), or empty when
     * the two are adjacent integers and the playlist needs spreading out first.
     */
    static OptionalLong between(Long before, Long after) {
        if (before == null && after == null) {
            return OptionalLong.of(GAP);
        }
        if (before == null) {
            return OptionalLong.of(after - GAP);
        }
        if (after == null) {
            return OptionalLong.of(before + GAP);
        }
        if (after - before < 2) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(before + (after - before) / 2);
    }

    /** The key of the item at {@code index} once the playlist is spread out. */
    static long spread(int index) {
        return (index + 1L) * GAP;
    }
}
