package dev.gantry.project.release;

import java.time.Instant;
import java.util.UUID;

/** An incident noted during a release, for its retrospective. */
public record Incident(UUID id, String title, String severity, String description, UUID notedBy, Instant notedAt) {
}
