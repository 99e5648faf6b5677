package dev.lalala.track.genre;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The genres a song can have: a fixed list, so that charts per genre mean something. */
public enum Genre {
    AMBIENT("ambient", "Ambient"),
    CLASSICAL("classical", "Classical"),
    ELECTRONIC("electronic", "Electronic"),
    FOLK("folk", "Folk"),
    HIP_HOP("hip-hop", "Hip-Hop"),
    INDIE("indie", "Indie"),
    JAZZ("jazz", "Jazz"),
    K_POP("k-pop", "K-Pop"),
    METAL("metal", "Metal"),
    POP("pop", "Pop"),
    R_N_B("r-n-b", "R&B"),
    ROCK("rock", "Rock"),
    SOUNDTRACK("soundtrack", "Soundtrack"),
    OTHER("other", "Other");

    private static final Map<String, Genre> BY_ID =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Genre::id, Function.identity()));

    private final String id;
    private final String displayName;

    Genre(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** The stable id stored with songs and used in URLs ({@code hip-hop}). */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public static Optional<Genre> byId(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }
}
