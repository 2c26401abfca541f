package dev.gantry.notification.delivery;

/** A channel did not accept a message; {@code retryable} false for answers that will never change (bad request). */
public class SendFailure extends Exception {

    private final boolean retryable;

    public SendFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public SendFailure(String message, Throwable cause) {
        super(message, cause);
        this.retryable = true;
    }

    public boolean retryable() {
        return retryable;
    }
}
