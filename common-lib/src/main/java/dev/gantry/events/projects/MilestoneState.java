package dev.gantry.events.projects;

import java.time.LocalDate;
import java.util.UUID;

/** A project milestone (里程碑), optionally linked to a release. */
public record MilestoneState(UUID milestoneId, UUID projectId, String name, LocalDate dueDate, UUID releaseId,
        String status) {
}
