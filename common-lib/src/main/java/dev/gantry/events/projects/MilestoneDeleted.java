package dev.gantry.events.projects;

import java.util.UUID;

/** {@code gantry.milestone.deleted.v1}. */
public record MilestoneDeleted(UUID milestoneId, UUID projectId) {
}
