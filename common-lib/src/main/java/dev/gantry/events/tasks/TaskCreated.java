package dev.gantry.events.tasks;

/** {@code gantry.task.created.v1}: a new task, full state. */
public record TaskCreated(TaskState task) {
}
