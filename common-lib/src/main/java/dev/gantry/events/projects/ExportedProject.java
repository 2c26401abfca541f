package dev.gantry.events.projects;

import java.util.List;

/**
 * One project as project-service's internal export returns it for rebuilding a consumer's view (search index):
 * the full state and members at {@code aggregateVersion}, the version its latest event carried.
 */
public record ExportedProject(long aggregateVersion, ProjectUpdated project, List<ProjectMember> members) {

    public ExportedProject {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
