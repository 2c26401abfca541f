package dev.gantry.common.events;

/** A record that is not a readable Gantry event; retrying cannot help, so it goes to the dead-letter topic at once. */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
