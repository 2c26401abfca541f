package dev.gantry.events.tasks;

import java.util.UUID;

/** {@code gantry.dependency.removed.v1}: a dependency was removed. */
public record DependencyRemoved(UUID dependencyId, UUID predecessorId, UUID successorId) {
}
