package dev.lalala.events.room;

public enum PlaybackAction {
    PLAY,
    PAUSE,
    RESUME,
    SEEK,
    STOP
}
