package dev.gantry.common.membership;

import dev.gantry.events.projects.ProjectRole;

/**
 * What a caller wants to do in a project and the least project role that may: VIEWER reads, MEMBER edits,
 * MANAGER configures.
 */
public enum ProjectAction {
    READ(ProjectRole.VIEWER), EDIT(ProjectRole.MEMBER), MANAGE(ProjectRole.MANAGER);

    private final ProjectRole least;

    ProjectAction(ProjectRole least) {
        this.least = least;
    }

    /** Whether a member with this role may do it; roles are ordered MANAGER over MEMBER over VIEWER. */
    public boolean permits(ProjectRole role) {
        return rank(role) >= rank(least);
    }

    public ProjectRole leastRole() {
        return least;
    }

    private static int rank(ProjectRole role) {
        return switch (role) {
            case VIEWER -> 0;
            case MEMBER -> 1;
            case MANAGER -> 2;
        };
    }
}
