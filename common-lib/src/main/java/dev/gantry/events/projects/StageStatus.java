package dev.gantry.events.projects;

/** Where one stage of a release stands: not reached, being worked on, waiting for sign-off, or passed. */
public enum StageStatus {
    PENDING, ACTIVE, AWAITING_APPROVAL, APPROVED
}
