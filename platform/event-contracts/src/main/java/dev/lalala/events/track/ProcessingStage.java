package dev.lalala.events.track;

/** Where an upload is in the audio pipeline, in the order the pipeline goes through them. */
public enum ProcessingStage {
    RECEIVED,
    VALIDATING,
    SEGMENTING,
    ANALYZING,
    PUBLISHING,
    DONE
}
