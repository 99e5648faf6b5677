package dev.lalala.events;

/** An envelope names a type or version this build does not know (a newer producer): consumers skip it. */
public class UnknownEventTypeException extends RuntimeException {

    private final String type;
    private final int version;

    public UnknownEventTypeException(String type, int version) {
        super("unknown event type " + type + " version " + version);
        this.type = type;
        this.version = version;
    }

    public String type() {
        return type;
    }

    public int version() {
        return version;
    }
}
