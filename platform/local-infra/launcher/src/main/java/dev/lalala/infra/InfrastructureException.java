package dev.lalala.infra;

/** The infrastructure could not be started, stopped or reached. The message says what to read or do. */
public class InfrastructureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
