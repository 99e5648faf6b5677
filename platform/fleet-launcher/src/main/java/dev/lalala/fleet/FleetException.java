package dev.lalala.fleet;

/** Something in the fleet did not start or stop; the message says which log to read. */
public class FleetException extends RuntimeException {

    public FleetException(String message) {
        super(message);
    }

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
