package dev.gantry.common.membership;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.events.projects.ProjectRole;

/**
 * Authorization of project-scoped work in a consuming service, from the JWT and the {@link ProjectMembership}
 * projection: the tenant's OWNERs and ADMINs may do everything in their tenant's projects; others by their project
 * role. Someone who is not a member gets 404, as if the project did not exist, so project keys do not leak.
 * Call it inside the tenant transaction of the request (row-level security scopes the projection to the tenant).
 */
public class ProjectAccess {

    /** Tenant roles that see and manage every project of their tenant. */
    public static final Set<String> TENANT_ADMIN_ROLES = Set.of("OWNER", "ADMIN");

    private final ProjectMembership membership;

    public ProjectAccess(ProjectMembership membership) {
        this.membership = membership;
    }

    /**
     * Fails with 404 when the caller may not see the project and 403 when they see it but their role does not allow
     * the action; otherwise returns the caller's project role (empty for tenant admins who are not members).
     */
    public Optional<ProjectRole> require(CurrentUser caller, UUID projectId, ProjectAction action) {
        requireTenant(caller);
        if (isTenantAdmin(caller)) {
            if (!membership.exists(projectId)) {
                throw notFound(projectId);
            }
            return membership.roleOf(projectId, caller.userId());
        }
        ProjectRole role = membership.roleOf(projectId, caller.userId()).orElseThrow(() -> notFound(projectId));
        if (!action.permits(role)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed in this project",
                    "Your role in this project is " + role + "; this needs " + action.leastRole() + " or above.");
        }
        return Optional.of(role);
    }

    /** Whether the caller may do the action in the project, without failing. */
    public boolean allows(CurrentUser caller, UUID projectId, ProjectAction action) {
        if (caller.tenantId().isEmpty()) {
            return false;
        }
        if (isTenantAdmin(caller)) {
            return membership.exists(projectId);
        }
        return membership.roleOf(projectId, caller.userId()).map(action::permits).orElse(false);
    }

    /** The projects the caller may read: all of the tenant's for its admins, else those they are a member of. */
    public ReadScope readScope(CurrentUser caller) {
        requireTenant(caller);
        if (isTenantAdmin(caller)) {
            return new ReadScope(true, List.of());
        }
        return new ReadScope(false, membership.projectsOf(caller.userId()));
    }

    /**
     * The projects a caller may read.
     *
     * @param wholeTenant true for tenant admins: every project of the tenant, {@code projectIds} is then empty
     */
    public record ReadScope(boolean wholeTenant, List<UUID> projectIds) {

        public ReadScope {
            projectIds = List.copyOf(projectIds);
        }

        public boolean includes(UUID projectId) {
            return wholeTenant || projectIds.contains(projectId);
        }
    }

    public static boolean isTenantAdmin(CurrentUser caller) {
        return caller.roles().stream().anyMatch(TENANT_ADMIN_ROLES::contains);
    }

    private static void requireTenant(CurrentUser caller) {
        if (caller.tenantId().isEmpty()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed",
                    "Project work needs a user of an organisation; this token belongs to no tenant.");
        }
    }

    private static ProblemException notFound(UUID projectId) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Project not found",
                "No project " + projectId + " that you can see in your organisation.");
    }
}
