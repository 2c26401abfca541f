package dev.gantry.notification.recipient;

import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;

import dev.gantry.events.users.ChatPlatform;

/** A user as notifications need them: where to reach them, in which language and time zone. */
public record Recipient(UUID userId, String email, String displayName, String locale, String timeZone, boolean active,
        Map<ChatPlatform, String> chatAccounts) {

    public Recipient {
        chatAccounts = chatAccounts == null ? Map.of() : Map.copyOf(chatAccounts);
    }

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
