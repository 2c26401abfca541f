package dev.gantry.user.audit;

import java.time.Instant;
import java.util.UUID;

/** Which audit entries an admin wants to see; null fields do not filter. {@code to} is exclusive. */
public record AuditFilter(String type, UUID actorId, UUID subjectId, Instant from, Instant to) {
}
