package dev.gantry.events.tasks;

import java.util.UUID;

/**
 * {@code gantry.task.assigned.v1}: the assignee changed, emitted beside the {@code updated} event of the same change;
 * {@code task.assigneeId()} is the new assignee (null when unassigned).
 */
public record TaskAssigned(TaskState task, UUID previousAssigneeId) {
}
