package dev.gantry.project.milestones;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A project milestone (里程碑) with a due date, optionally linked to a release; {@code version} is its ETag. */
public record Milestone(UUID id, UUID projectId, String name, String description, LocalDate dueDate, UUID releaseId,
        String status, UUID createdBy, Instant createdAt, long version) {

    public static final String OPEN = "OPEN";
    public static final String REACHED = "REACHED";
    public static final String MISSED = "MISSED";
}
