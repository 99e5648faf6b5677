package dev.lalala.chat.live;

/** A command the server refuses: becomes an {@code error} frame with this code; the socket stays open. */
class LiveException extends RuntimeException {

    final String code;

    LiveException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
