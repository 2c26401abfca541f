package dev.gantry.notification.preference;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A daily period in the user's own time zone during which nothing is pushed to them (e-mail); what falls into it is
 * deferred to its end, never dropped. A period may wrap midnight (22:00–08:00); equal ends mean no quiet hours.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** When a message due at {@code now} may be sent: empty if now, else the end of the current quiet period. */
    public Optional<Instant> deferUntil(Instant now, ZoneId zone) {
        if (start.equals(end)) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalDate day = local.toLocalDate();
        if (start.isBefore(end)) {
            if (!time.isBefore(start) && time.isBefore(end)) {
                return Optional.of(day.atTime(end).atZone(zone).toInstant());
            }
            return Optional.empty();
        }
        // wraps midnight: quiet from start until midnight, and from midnight until end
        if (!time.isBefore(start)) {
            return Optional.of(day.plusDays(1).atTime(end).atZone(zone).toInstant());
        }
        if (time.isBefore(end)) {
            return Optional.of(day.atTime(end).atZone(zone).toInstant());
        }
        return Optional.empty();
    }
}
