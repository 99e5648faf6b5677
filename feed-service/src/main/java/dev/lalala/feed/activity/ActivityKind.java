package dev.lalala.feed.activity;

/** What a feed item says happened. */
public enum ActivityKind {
    /** The actor published a new song (public). */
    TRACK_PUBLISHED,
    /** The actor liked a (public) song. */
    TRACK_LIKED,
    /** The actor made a playlist public. */
    PLAYLIST_PUBLISHED,
    /** The actor started following a user. */
    USER_FOLLOWED
}
