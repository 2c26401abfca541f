package dev.gantry.task.schedule;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.gantry.events.tasks.DependencyType;
import dev.gantry.events.tasks.StatusCategory;

/**
 * A project's schedule for the Gantt chart (甘特图): every task with its earliest and latest start and finish on the
 * tenant's working calendar, its total float (浮动时间) in working days, and the critical path (关键路径).
 * Finishes are the last working day of the task (inclusive).
 */
public record Schedule(UUID projectId, LocalDate start, LocalDate finish, List<ScheduledTask> tasks,
        List<Link> dependencies, List<UUID> criticalPath) {

    /**
     * One task on the chart; {@code startDate}/{@code dueDate} are the task's own planned dates. Absent values are
     * left out: a schedule of 10,000 tasks is megabytes of JSON, and writing it is part of every request.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduledTask(UUID id, String key, String title, String status, StatusCategory statusCategory,
            UUID assigneeId, LocalDate startDate, LocalDate dueDate, int durationDays, LocalDate earlyStart,
            LocalDate earlyFinish, LocalDate lateStart, LocalDate lateFinish, int totalFloat, boolean critical) {
    }

    /** A dependency drawn on the chart; {@code external} when the predecessor is in another project. */
    public record Link(UUID id, UUID predecessorId, UUID successorId, DependencyType type, int lagDays,
            boolean external) {
    }
}
