package dev.gantry.events.projects;

/** {@code gantry.milestone.created.v1}. */
public record MilestoneCreated(MilestoneState milestone) {
}
