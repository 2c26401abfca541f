package dev.gantry.events.projects;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code gantry.project.created.v1}: the full state of a new project (立项), its creator the first MANAGER.
 */
public record ProjectCreated(UUID projectId, String key, String name, String description, String status,
        LocalDate startDate, LocalDate targetDate, List<ProjectMember> members, UUID createdBy, Instant createdAt) {

    public ProjectCreated {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
