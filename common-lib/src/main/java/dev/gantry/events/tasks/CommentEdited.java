package dev.gantry.events.tasks;

/** {@code gantry.comment.edited.v1}: a comment's new full state. */
public record CommentEdited(CommentState comment) {
}
