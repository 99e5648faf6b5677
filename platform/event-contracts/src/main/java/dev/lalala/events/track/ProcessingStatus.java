package dev.lalala.events.track;

/** The outcome so far: still working, published, or given up with a reason. */
public enum ProcessingStatus {
    PROCESSING,
    READY,
    FAILED
}
