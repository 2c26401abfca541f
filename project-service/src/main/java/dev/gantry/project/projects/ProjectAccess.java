package dev.gantry.project.projects;

import java.util.Optional;
import java.util.UUID;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.events.projects.ProjectMember;

/**
 * What a caller may do with one project they can see: other features (releases, milestones) ask {@link Projects}
 * for it and then check the action they are about to take.
 */
public record ProjectAccess(Project project, CurrentUser caller, Optional<ProjectMember> membership) {

    public UUID tenantId() {
        return project.tenantId();
    }

    public boolean canWork() {
        return ProjectPermissions.canWork(caller, membership);
    }

    public boolean canManage() {
        return ProjectPermissions.canManage(caller, membership);
    }

    /** Tenant GUESTs only read, whatever their project role or duties. */
    public boolean isGuest() {
        return ProjectPermissions.isGuest(caller);
    }

    public boolean isTenantAdmin() {
        return ProjectPermissions.isTenantAdmin(caller);
    }
}
