package dev.gantry.task.task;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskType;

/** A task as the API shows it; {@code descriptionHtml} is the description rendered and sanitized (single reads). */
public record TaskView(UUID id, UUID projectId, String key, String title, String description, String descriptionHtml,
        TaskType type, String status, StatusCategory statusCategory, Priority priority, UUID assigneeId,
        UUID reporterId, List<UUID> watcherIds, List<String> labels, LocalDate startDate, LocalDate dueDate,
        Long estimateMinutes, Long remainingMinutes, UUID parentId, UUID milestoneId, UUID releaseId, UUID stageId,
        Map<String, Object> customFields, Instant createdAt, Instant updatedAt, long version) {

    public static TaskView of(Task task, boolean withHtml) {
        return new TaskView(task.id(), task.projectId(), task.key(), task.title(), task.description(),
                withHtml ? Markdown.toSafeHtml(task.description()) : null, task.type(), task.status(),
                task.statusCategory(), task.priority(), task.assigneeId(), task.reporterId(), task.watcherIds(),
                task.labels(), task.startDate(), task.dueDate(), task.estimateMinutes(), task.remainingMinutes(),
                task.parentId(), task.milestoneId(), task.releaseId(), task.stageId(), task.customFields(),
                task.createdAt(), task.updatedAt(), task.version());
    }
}
