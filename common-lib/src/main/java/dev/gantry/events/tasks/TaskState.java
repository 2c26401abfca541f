package dev.gantry.events.tasks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The full state of a task as {@code created} and {@code updated} events carry it.
 *
 * @param key            the task key, e.g. {@code PAY-123}
 * @param estimateMinutes original estimate, null when not estimated
 * @param remainingMinutes remaining estimate (剩余工时), null when not estimated
 * @param milestoneId    the project milestone the task is linked to, or null
 * @param releaseId      the release whose stage the task is linked to, or null
 * @param stageId        the release stage the task is linked to, or null; "all tasks linked to the stage done" is
 *                       evaluated from this and {@code statusCategory}
 * @param customFields   custom field values by field key: strings, numbers, ISO dates, lists of strings, user ids
 */
public record TaskState(UUID taskId, UUID projectId, String key, String title, String description, TaskType type,
        String status, StatusCategory statusCategory, String priority, UUID assigneeId, UUID reporterId,
        List<UUID> watcherIds, List<String> labels, LocalDate startDate, LocalDate dueDate, Long estimateMinutes,
        Long remainingMinutes, UUID parentId, UUID milestoneId, UUID releaseId, UUID stageId,
        Map<String, Object> customFields, Instant createdAt, Instant updatedAt) {

    public TaskState {
        watcherIds = watcherIds == null ? List.of() : List.copyOf(watcherIds);
        labels = labels == null ? List.of() : List.copyOf(labels);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }
}
