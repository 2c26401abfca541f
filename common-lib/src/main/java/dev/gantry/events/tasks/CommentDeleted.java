package dev.gantry.events.tasks;

import java.util.UUID;

/** {@code gantry.comment.deleted.v1}: a comment was deleted. */
public record CommentDeleted(UUID commentId, UUID taskId, UUID projectId) {
}
