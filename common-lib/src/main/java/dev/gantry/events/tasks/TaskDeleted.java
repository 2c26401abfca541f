package dev.gantry.events.tasks;

import java.util.UUID;

/** {@code gantry.task.deleted.v1}: a task was deleted (its comments, links and worklogs with it). */
public record TaskDeleted(UUID taskId, UUID projectId, String key) {
}
