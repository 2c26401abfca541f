package dev.gantry.user.authserver;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.stereotype.Component;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.user.directory.User;
import dev.gantry.user.directory.Users;
import dev.gantry.user.signin.SignIns;

/** A signed-in user's claims, read fresh from the directory: for access tokens and the userinfo endpoint. */
@Component
class UserProfileClaims {

    private final Users users;

    UserProfileClaims(Users users) {
        this.users = users;
    }

    /** The active user a session's authentication names; refused when they were disabled or removed since. */
    User activeUser(Authentication authentication) {
        UUID tenantId = SignIns.tenantOf(authentication).orElseThrow(UserProfileClaims::gone);
        UUID userId = UUID.fromString(authentication.getName());
        return TenantContext.callAs(tenantId, () -> users.findActive(tenantId, userId))
                .orElseThrow(UserProfileClaims::gone);
    }

    /** The userinfo response: the standard profile claims plus the organisation and its roles. */
    OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context) {
        Optional<Authentication> principal = Optional.ofNullable(
                context.getAuthorization().getAttribute(Principal.class.getName()));
        User user = activeUser(principal.orElseThrow(UserProfileClaims::gone));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.id().toString());
        claims.put("name", user.displayName());
        claims.put("email", user.email());
        claims.put("locale", user.locale());
        claims.put("zoneinfo", user.timeZone());
        claims.put("updated_at", user.updatedAt().getEpochSecond());
        claims.put("tid", user.tenantId().toString());
        claims.put("roles", user.roles().stream().map(Enum::name).toList());
        return new OidcUserInfo(claims);
    }

    private static OAuth2AuthenticationException gone() {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                "The user is no longer active in this organisation", null));
    }
}
