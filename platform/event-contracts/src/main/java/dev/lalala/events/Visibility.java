package dev.lalala.events;

/** Who may see a song or a playlist. UNLISTED: anyone who has the id, but it is never listed or searchable. */
public enum Visibility {
    PUBLIC,
    UNLISTED,
    PRIVATE
}
