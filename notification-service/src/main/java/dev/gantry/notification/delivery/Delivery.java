package dev.gantry.notification.delivery;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.notice.NoticeKind;

/**
 * One message to one channel for one event. Its id is the delivery id receivers see (stable across retries).
 *
 * @param recipient the user id (e-mail) or integration id (robots and webhooks)
 */
public record Delivery(UUID id, UUID tenantId, UUID eventId, NoticeKind kind, Channel channel, String recipient,
        UUID userId, UUID integrationId, @JsonIgnore Notice notice, DeliveryStatus status, int attempts,
        Instant nextAttemptAt, String lastError, UUID messageId, Integer digestSize, Instant createdAt,
        Instant sentAt) {
}
