package dev.gantry.events.tasks;

import java.util.List;
import java.util.UUID;

/**
 * {@code gantry.comment.mentioned.v1}: a comment @-mentions users who were not mentioned in it before (on add, or
 * newly on edit); the aggregate is the comment.
 */
public record UsersMentioned(UUID commentId, UUID taskId, UUID projectId, String taskKey, String taskTitle,
        UUID authorId, List<UUID> mentionedUserIds, String excerpt) {

    public UsersMentioned {
        mentionedUserIds = mentionedUserIds == null ? List.of() : List.copyOf(mentionedUserIds);
    }
}
