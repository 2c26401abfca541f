package dev.gantry.events.projects;

import java.util.UUID;

/** {@code gantry.project.deleted.v1}: a project was deleted (soft, kept for the retention period, then purged). */
public record ProjectDeleted(UUID projectId, String key) {
}
