package dev.gantry.notification.bot;

import java.util.UUID;

/**
 * Obtains a short-lived access token of a Gantry user, for calling another service on that user's behalf (a chat
 * command): the owning service then authorizes exactly as if the user had called it.
 */
public interface UserTokens {

    /** @throws UnavailableException when no token can be had (endpoint not configured or refusing) */
    String tokenFor(UUID tenantId, UUID userId) throws UnavailableException;

    /** No token could be obtained. */
    class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message);
        }

        public UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
