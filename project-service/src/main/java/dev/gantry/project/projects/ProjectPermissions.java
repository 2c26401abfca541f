package dev.gantry.project.projects;

import java.util.Optional;
import java.util.UUID;

import org.springframework.security.access.AccessDeniedException;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;

/**
 * Who may do what with a project, from the caller's tenant roles and their membership of the project. Tenant OWNER
 * and ADMIN read and manage everything in their tenant; everyone else sees only the projects they are a member of;
 * GUESTs only read, whatever their project role. Plain rules, unit-tested without Spring.
 */
final class ProjectPermissions {

    private ProjectPermissions() {
    }

    static UUID tenantOf(CurrentUser caller) {
        return caller.tenantId().orElseThrow(() -> new AccessDeniedException("The token names no tenant"));
    }

    static boolean isTenantAdmin(CurrentUser caller) {
        return caller.hasRole("OWNER") || caller.hasRole("ADMIN");
    }

    static boolean isGuest(CurrentUser caller) {
        return !isTenantAdmin(caller) && !caller.hasRole("MEMBER");
    }

    static void requireCanCreate(CurrentUser caller) {
        tenantOf(caller);
        if (isGuest(caller)) {
            throw new AccessDeniedException("Only owners, admins and members create projects");
        }
    }

    /** Whether the caller sees the project at all; who does not gets a 404, as if it did not exist. */
    static boolean canRead(CurrentUser caller, Optional<ProjectMember> membership) {
        return isTenantAdmin(caller) || membership.isPresent();
    }

    /** Working on the project's releases: completing checklist items, requesting sign-off, noting incidents. */
    static boolean canWork(CurrentUser caller, Optional<ProjectMember> membership) {
        if (isTenantAdmin(caller)) {
            return true;
        }
        return !isGuest(caller) && membership.map(m -> m.role() != ProjectRole.VIEWER).orElse(false);
    }

    /** Changing the project, its members, and starting, rolling back or aborting its releases. */
    static boolean canManage(CurrentUser caller, Optional<ProjectMember> membership) {
        if (isTenantAdmin(caller)) {
            return true;
        }
        return !isGuest(caller) && membership.map(m -> m.role() == ProjectRole.MANAGER).orElse(false);
    }
}
