package dev.gantry.events.tasks;

/** What kind of work item a task is. */
public enum TaskType {
    TASK, BUG, STORY, EPIC
}
