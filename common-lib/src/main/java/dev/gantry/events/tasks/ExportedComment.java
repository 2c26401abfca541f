package dev.gantry.events.tasks;

/** One comment as task-service's internal export returns it: full state at the version its latest event carried. */
public record ExportedComment(long aggregateVersion, CommentState comment) {
}
