package dev.gantry.task.task;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.gantry.events.tasks.TaskType;

/**
 * The fields of a task a client writes, for create (absent = default) and PATCH (only the fields present in the
 * JSON body change; an explicit null clears a field).
 */
public record TaskChanges(@NotBlank @Size(max = 500) String title, @Size(max = 50_000) String description,
        TaskType type, @Size(max = 40) String status, Priority priority, UUID assigneeId,
        @Size(max = 20) List<@NotBlank @Size(max = 50) String> labels, LocalDate startDate, LocalDate dueDate,
        @PositiveOrZero @Max(10_000_000) Long estimateMinutes, @PositiveOrZero @Max(10_000_000) Long remainingMinutes,
        UUID parentId, UUID milestoneId, UUID releaseId, UUID stageId,
        @Size(max = 50) Map<@Size(max = 40) String, Object> customFields) {

    /** The JSON names a PATCH may carry. */
    public static final List<String> FIELDS = List.of("title", "description", "type", "status", "priority",
            "assigneeId", "labels", "startDate", "dueDate", "estimateMinutes", "remainingMinutes", "parentId",
            "milestoneId", "releaseId", "stageId", "customFields");
}
