package dev.lalala.events.room;

/** What a listener can throw into a room besides words. */
public enum Reaction {
    CLAP,
    MIRROR_BALL,
    HEART,
    FIRE
}
