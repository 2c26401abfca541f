package dev.gantry.search.filters;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's saved filter: a query in the filter language, kept for its owner and, when shared, visible to every
 * reader of its project.
 */
public record SavedFilter(UUID id, UUID ownerId, UUID projectId, String name, String query, boolean shared,
        long version, Instant createdAt, Instant updatedAt) {
}
