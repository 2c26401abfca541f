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
        return new CurrentUser(jwt.getSubject(), tenant, Set.copyOf(stringList(jwt.getClaim(ROLES_CLAIM))),
                Set.copyOf(scopes(jwt)));
    }

    /** The caller of the request being served, if it presented a token. */
    public static Optional<CurrentUser> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
            return Optional.of(from(jwt));
        }
        return Optional.empty();
    }

    /** The user id: the subject of a user's token is their id. */
    public UUID userId() {
        return uuid(subject).orElseThrow(() -> new org.springframework.security.access.AccessDeniedException(
                "The token's subject is not a user id"));
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The token's scopes, from a space-separated {@code scope} string (RFC 8693) or a list; blanks ignored. */
    static List<String> scopes(Jwt jwt) {
        Object scope = jwt.getClaim("scope");
        if (scope instanceof String text) {
            return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+")).stream().distinct().toList();
        }
        return stringList(scope);
    }

    static List<String> stringList(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(v -> v != null).map(Object::toString).filter(v -> !v.isBlank()).distinct()
                    .toList();
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
