package dev.gantry.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as a handler receives it: the envelope's attributes and the typed payload.
 *
 * @param <T> the payload record
 */
public record Event<T>(UUID id, String type, UUID tenantId, String actorId, UUID aggregateId, long aggregateVersion,
        Instant time, String traceparent, T payload) {
}
