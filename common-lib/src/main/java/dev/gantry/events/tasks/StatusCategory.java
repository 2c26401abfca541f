package dev.gantry.events.tasks;

/** The category every workflow status belongs to; boards, reports and stage preconditions reason in these. */
public enum StatusCategory {
    TODO, IN_PROGRESS, DONE
}
