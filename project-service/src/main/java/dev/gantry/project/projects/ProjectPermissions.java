package dev.gantry.project.projects;

import java.util.UUID;

import org.springframework.security.access.AccessDeniedException;

import dev.gantry.common.security.CurrentUser;

/**
 * Who may do what with projects, from the tenant roles in the token. Project membership (and GUEST access to the
 * projects a guest belongs to) arrives with the membership feature.
 */
final class ProjectPermissions {

    private ProjectPermissions() {
    }

    static UUID tenantOf(CurrentUser caller) {
        return caller.tenantId().orElseThrow(() -> new AccessDeniedException("The token names no tenant"));
    }

    static void requireCanCreate(CurrentUser caller) {
        tenantOf(caller);
        if (!(caller.hasRole("OWNER") || caller.hasRole("ADMIN") || caller.hasRole("MEMBER"))) {
            throw new AccessDeniedException("Only owners, admins and members create projects");
        }
    }

    static void requireCanRead(CurrentUser caller) {
        tenantOf(caller);
        if (!(caller.hasRole("OWNER") || caller.hasRole("ADMIN") || caller.hasRole("MEMBER"))) {
            throw new AccessDeniedException("Guests see only projects they are members of");
        }
    }
}
