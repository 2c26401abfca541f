package dev.gantry.task.task;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;

/** A task as stored: its state, its position on the board and its version (= aggregate version = ETag). */
public record Task(UUID id, UUID tenantId, UUID projectId, long number, String key, String title, String description,
        TaskType type, String status, StatusCategory statusCategory, Priority priority, UUID assigneeId,
        UUID reporterId, List<UUID> watcherIds, List<String> labels, LocalDate startDate, LocalDate dueDate,
        Long estimateMinutes, Long remainingMinutes, UUID parentId, UUID milestoneId, UUID releaseId, UUID stageId,
        Map<String, Object> customFields, String rank, Instant createdAt, Instant updatedAt, long version) {

    /** Planned dates a task may have: schedules count working days between them, so they stay within reason. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(2099, 12, 31);

    /** Whether a planned date (or its absence) is within {@link #EARLIEST_DATE} and {@link #LATEST_DATE}. */
    public static boolean plannable(LocalDate date) {
        return date == null || (!date.isBefore(EARLIEST_DATE) && !date.isAfter(LATEST_DATE));
    }

    public Task {
        watcherIds = watcherIds == null ? List.of() : List.copyOf(watcherIds);
        labels = labels == null ? List.of() : List.copyOf(labels);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }

    /** The state events carry. */
    public TaskState state() {
        return new TaskState(id, projectId, key, title, description, type, status, statusCategory, priority.name(),
                assigneeId, reporterId, watcherIds, labels, startDate, dueDate, estimateMinutes, remainingMinutes,
                parentId, milestoneId, releaseId, stageId, customFields, createdAt, updatedAt);
    }

    /** The names of the {@link TaskState} components that differ between two states, except {@code updatedAt}. */
    public static List<String> changedFields(TaskState before, TaskState after) {
        List<String> changed = new ArrayList<>();
        for (RecordComponent component : TaskState.class.getRecordComponents()) {
            if (component.getName().equals("updatedAt")) {
                continue;
            }
            if (!Objects.equals(value(component, before), value(component, after))) {
                changed.add(component.getName());
            }
        }
        return changed;
    }

    static Object value(RecordComponent component, TaskState state) {
        try {
            return component.getAccessor().invoke(state);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    public Task withWatchers(List<UUID> watchers) {
        return new Task(id, tenantId, projectId, number, key, title, description, type, status, statusCategory,
                priority, assigneeId, reporterId, watchers, labels, startDate, dueDate, estimateMinutes,
                remainingMinutes, parentId, milestoneId, releaseId, stageId, customFields, rank, createdAt, updatedAt,
                version);
    }

    public Task withStatus(String newStatus, StatusCategory category) {
        return new Task(id, tenantId, projectId, number, key, title, description, type, newStatus, category,
                priority, assigneeId, reporterId, watcherIds, labels, startDate, dueDate, estimateMinutes,
                remainingMinutes, parentId, milestoneId, releaseId, stageId, customFields, rank, createdAt, updatedAt,
                version);
    }

    public Task withDates(LocalDate start, LocalDate due) {
        return new Task(id, tenantId, projectId, number, key, title, description, type, status, statusCategory,
                priority, assigneeId, reporterId, watcherIds, labels, start, due, estimateMinutes,
                remainingMinutes, parentId, milestoneId, releaseId, stageId, customFields, rank, createdAt, updatedAt,
                version);
    }

    public Task withRemaining(Long remaining) {
        return new Task(id, tenantId, projectId, number, key, title, description, type, status, statusCategory,
                priority, assigneeId, reporterId, watcherIds, labels, startDate, dueDate, estimateMinutes,
                remaining, parentId, milestoneId, releaseId, stageId, customFields, rank, createdAt, updatedAt,
                version);
    }
}
