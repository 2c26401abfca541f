package dev.gantry.user.directory;

import java.util.Set;
import java.util.UUID;

/**
 * The calling user as this service's directory knows them: user-service owns tenant roles, so it authorizes from
 * the roles stored here, not from the (possibly minutes old) roles in the access token.
 */
public record Caller(UUID userId, UUID tenantId, Set<TenantRole> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains(TenantRole.OWNER) || roles.contains(TenantRole.ADMIN);
    }

    public boolean isOwner() {
        return roles.contains(TenantRole.OWNER);
    }
}
