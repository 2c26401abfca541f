package dev.gantry.events.projects;

/** Where a go-live run (上线) stands. */
public enum ReleaseStatus {
    RUNNING, COMPLETED, ROLLED_BACK, ABORTED
}
