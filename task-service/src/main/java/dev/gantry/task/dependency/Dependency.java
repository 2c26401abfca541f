package dev.gantry.task.dependency;

import java.time.Instant;
import java.util.UUID;

import dev.gantry.events.tasks.DependencyType;

/** {@code successorId} depends on {@code predecessorId} (依赖 / 前置任务); the lag is in working days. */
public record Dependency(UUID id, UUID predecessorId, String predecessorKey, UUID predecessorProjectId,
        UUID successorId, String successorKey, UUID successorProjectId, DependencyType type, int lagDays,
        Instant createdAt) {

    /** Dependencies do not change once made; their ETag is this constant version. */
    public static final long VERSION = 1;
}
