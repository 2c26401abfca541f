package dev.gantry.events.tasks;

import java.util.List;

/**
 * {@code gantry.task.updated.v1}: the task's full state after any change, with the names of the changed fields
 * (the {@link TaskState} component names). Every change of a task emits this one, so a consumer that keeps the
 * task's state needs no other task event.
 */
public record TaskUpdated(TaskState task, List<String> changedFields) {

    public TaskUpdated {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
