package dev.lalala.chat.room;

/** PUBLIC: listed. UNLISTED: anyone with the id may join, never listed. PRIVATE: the host, and whoever has the invite key. */
public enum RoomVisibility {
    PUBLIC,
    UNLISTED,
    PRIVATE
}
