package dev.gantry.events.tasks;

/**
 * {@code gantry.task.status-changed.v1}: a workflow transition, emitted beside the {@code updated} event of the same
 * change (same aggregate version) for consumers that react to transitions only.
 */
public record TaskStatusChanged(TaskState task, String fromStatus, StatusCategory fromCategory) {
}
