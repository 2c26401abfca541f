package dev.gantry.notification.integration;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.NoticeKind;

/**
 * A robot or webhook of a project (or of the whole tenant when {@code projectId} is null) as the API shows it: never
 * its URL's credentials or its secrets, only whether they are set.
 *
 * @param eventKinds the kinds it posts; empty means every kind meant for team channels
 * @param escalation whether it is the tenant's escalation channel (overdue work nobody acted on)
 */
public record Integration(UUID id, UUID projectId, Channel platform, String name, String url, boolean hasSecret,
        boolean hasInboundSecret, Set<NoticeKind> eventKinds, boolean escalation, String locale, boolean enabled,
        long version, UUID createdBy, Instant createdAt) {

    public boolean posts(NoticeKind kind) {
        return enabled && (eventKinds.isEmpty() ? kind.teamChannel() : eventKinds.contains(kind));
    }
}
