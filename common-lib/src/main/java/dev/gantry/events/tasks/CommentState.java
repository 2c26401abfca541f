package dev.gantry.events.tasks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A comment's full state. {@code body} is the Markdown source as written; {@code mentionedUserIds} the users it
 * @-mentions.
 */
public record CommentState(UUID commentId, UUID taskId, UUID projectId, String taskKey, UUID authorId, String body,
        List<UUID> mentionedUserIds, Instant createdAt, Instant editedAt) {

    public CommentState {
        mentionedUserIds = mentionedUserIds == null ? List.of() : List.copyOf(mentionedUserIds);
    }
}
