package dev.lalala.events.room;

/** What a host did to a room or one of its listeners (CLOSED: the room was deleted). */
public enum RoomModeration {
    MUTED,
    UNMUTED,
    REMOVED,
    HOST_CHANGED,
    CLOSED
}
