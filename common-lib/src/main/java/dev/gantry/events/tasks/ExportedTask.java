package dev.gantry.events.tasks;

/** One task as task-service's internal export returns it: full state at the version its latest event carried. */
public record ExportedTask(long aggregateVersion, TaskState task) {
}
