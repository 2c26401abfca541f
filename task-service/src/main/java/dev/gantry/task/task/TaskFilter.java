package dev.gantry.task.task;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskType;

/**
 * What a task list is narrowed to; every component is optional. {@code customFields} maps a custom field key to the
 * value it must have (for multi-select: contain).
 */
public record TaskFilter(List<String> statuses, List<StatusCategory> categories, UUID assigneeId, boolean unassigned,
        UUID reporterId, List<TaskType> types, List<Priority> priorities, String label, UUID milestoneId,
        UUID releaseId, UUID stageId, UUID parentId, LocalDate dueBefore, LocalDate dueAfter, Boolean overdue,
        String text, Map<String, String> customFields) {

    public TaskFilter {
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        categories = categories == null ? List.of() : List.copyOf(categories);
        types = types == null ? List.of() : List.copyOf(types);
        priorities = priorities == null ? List.of() : List.copyOf(priorities);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    public static TaskFilter none() {
        return new TaskFilter(null, null, null, false, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }
}
