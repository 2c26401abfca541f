package dev.gantry.events.tasks;

import java.time.LocalDate;
import java.util.UUID;

/** {@code gantry.worklog.added.v1}: time logged on a task (工时); the aggregate is the worklog. */
public record WorklogAdded(UUID worklogId, UUID taskId, UUID projectId, UUID userId, LocalDate workDate,
        long minutes, String note) {
}
