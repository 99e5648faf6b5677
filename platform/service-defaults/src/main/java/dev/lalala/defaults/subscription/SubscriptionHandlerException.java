package dev.lalala.defaults.subscription;

/** A handler failed on an event: says which handler, so retries, dead letters and metrics can name it. */
public class SubscriptionHandlerException extends RuntimeException {

    private final String handler;

    public SubscriptionHandlerException(String handler, Throwable cause) {
        super("handler " + handler + " failed: " + cause, cause);
        this.handler = handler;
    }

    public String handler() {
        return handler;
    }
}
