package dev.gantry.notification.delivery;

/** PENDING until sent (or while retrying), SENT once the channel accepted it, FAILED after the last attempt. */
public enum DeliveryStatus {
    PENDING, SENT, FAILED
}
