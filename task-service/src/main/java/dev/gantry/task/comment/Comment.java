package dev.gantry.task.comment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A comment on a task as the API shows it; {@code bodyHtml} is the Markdown body rendered and sanitized. */
public record Comment(UUID id, UUID taskId, UUID authorId, String body, String bodyHtml, List<UUID> mentionedUserIds,
        Instant createdAt, Instant editedAt, long version) {
}
