package dev.gantry.notification.inbox;

import java.time.Instant;
import java.util.UUID;

import dev.gantry.notification.notice.NoticeKind;

/** One notification in a user's in-app inbox. */
public record InboxItem(UUID id, NoticeKind kind, String title, String body, String link, UUID projectId,
        UUID subjectId, Instant createdAt, Instant readAt) {

    public boolean read() {
        return readAt != null;
    }
}
