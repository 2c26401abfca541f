package dev.gantry.task.worklog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Time logged on a task (工时): who, which day, how many minutes, and a note. */
public record Worklog(UUID id, UUID taskId, UUID projectId, UUID userId, LocalDate workDate, int minutes, String note,
        Instant createdAt, long version) {
}
