package dev.gantry.project.release;

/** An approver's decision on a stage. */
public enum Decision {
    APPROVE, REJECT
}
