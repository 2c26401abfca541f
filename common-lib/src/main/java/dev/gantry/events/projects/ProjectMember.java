package dev.gantry.events.projects;

import java.util.List;
import java.util.UUID;

/**
 * A member of a project with their role and duties (QA, OPS, PRODUCT, SECURITY, ... as the tenant defines them),
 * which approval rules refer to.
 */
public record ProjectMember(UUID userId, ProjectRole role, List<String> duties) {

    public ProjectMember {
        duties = duties == null ? List.of() : List.copyOf(duties);
    }
}
