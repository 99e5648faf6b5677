package dev.lalala.events;

/** The bytes are not an event envelope at all (not JSON, or a field is missing or of the wrong kind). */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
