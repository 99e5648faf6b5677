package dev.lalala.track.pipeline;

/** The upload is not a song we can publish; the message is the reason shown to the uploader. */
public class AudioRejectedException extends Exception {

    public AudioRejectedException(String reason) {
        super(reason);
    }
}
