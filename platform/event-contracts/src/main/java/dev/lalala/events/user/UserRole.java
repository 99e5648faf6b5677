package dev.lalala.events.user;

/** A listener becomes an artist with their first upload. */
public enum UserRole {
    LISTENER,
    ARTIST
}
