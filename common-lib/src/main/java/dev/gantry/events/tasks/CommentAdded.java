package dev.gantry.events.tasks;

/** {@code gantry.comment.added.v1}: a comment on a task; the aggregate is the comment. */
public record CommentAdded(CommentState comment) {
}
