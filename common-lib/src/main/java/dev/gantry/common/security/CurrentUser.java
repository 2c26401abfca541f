package dev.gantry.common.security;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, as the access token says: user, tenant and tenant roles.
 *
 * @param tenantId absent for platform clients that act for no tenant
 */
public record CurrentUser(String subject, Optional<UUID> tenantId, Set<String> roles, Set<String> scopes) {

    public static final String TENANT_CLAIM = "tid";
    public static final String ROLES_CLAIM = "roles";

    public static CurrentUser from(Jwt jwt) {
        Optional<UUID> tenant = Optional.ofNullable(jwt.getClaimAsString(TENANT_CLAIM)).flatMap(CurrentUser::uuid);
        Object scope = jwt.getClaim("scope");
        Set<String> scopes = scope instanceof String text && !text.isBlank()
                ? Set.of(text.trim().split("\\s+"))
                : Set.copyOf(stringList(scope));
        return new CurrentUser(jwt.getSubject(), tenant, Set.copyOf(stringList(jwt.getClaim(ROLES_CLAIM))), scopes);
    }

    /** The caller of the request being served, if it presented a token. */
    public static Optional<CurrentUser> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return Optional.of(from(jwt));
        }
        return Optional.empty();
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    static List<String> stringList(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> v != null).map(Object::toString).distinct().toList();
        }
        return claim == null ? List.of() : List.of(claim.toString());
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
