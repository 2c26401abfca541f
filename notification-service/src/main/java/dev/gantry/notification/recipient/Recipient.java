package dev.gantry.notification.recipient;

import java.time.ZoneId;
import java.util.UUID;

/** A user as notifications need them: where to reach them, in which language and time zone. */
public record Recipient(UUID userId, String email, String displayName, String locale, String timeZone,
        boolean active) {

    public ZoneId zone() {
        try {
            return ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    public String name() {
        return displayName == null || displayName.isBlank() ? (email == null ? userId.toString() : email) : displayName;
    }
}
