package dev.gantry.project.templates;

import java.util.List;

/** The conditions a stage's gate can require. */
public enum Precondition {
    /** Entering the stage needs the stages it comes after approved. */
    PREVIOUS_STAGE_APPROVED,
    /** Requesting sign-off needs every task linked to the stage (in task-service) in a DONE status. */
    LINKED_TASKS_DONE,
    /** Requesting sign-off needs every mandatory checklist item of the stage complete. */
    MANDATORY_CHECKLIST_COMPLETE;

    public static final List<Precondition> DEFAULTS = List.of(values());
}
