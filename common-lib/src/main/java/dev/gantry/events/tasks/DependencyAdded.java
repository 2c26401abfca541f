package dev.gantry.events.tasks;

import java.util.UUID;

/**
 * {@code gantry.dependency.added.v1}: {@code successorId} now depends on {@code predecessorId}; the lag is in working
 * days (negative for lead). Predecessor and successor may be in different projects of the tenant.
 */
public record DependencyAdded(UUID dependencyId, UUID predecessorId, UUID successorId, UUID predecessorProjectId,
        UUID successorProjectId, DependencyType type, int lagDays) {
}
