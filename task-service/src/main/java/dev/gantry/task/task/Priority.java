package dev.gantry.task.task;

/** How urgent a task is, most urgent first (the order sorts by). */
public enum Priority {
    HIGHEST, HIGH, MEDIUM, LOW, LOWEST
}
