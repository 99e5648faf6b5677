package dev.lalala.events.room;

/** What the host did to a room's playback (QUEUE: the queue changed, playback did not; SKIP: the next queued song). */
public enum PlaybackAction {
    PLAY,
    PAUSE,
    RESUME,
    SEEK,
    STOP,
    SKIP,
    QUEUE
}
