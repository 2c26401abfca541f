package dev.gantry.user.authserver;

import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.user.directory.User;

/**
 * Makes access tokens what every Gantry service validates: audience {@code gantry-api}, the tenant in {@code tid},
 * tenant roles in {@code roles} (a user's current roles from the directory; none for an integration client), {@code scope} as a space-separated string, signed
 * by the newest key.
 */
class GantryTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final SigningKeys keys;
    private final String audience;
    private final UserProfileClaims profiles;

    GantryTokenCustomizer(SigningKeys keys, String audience, UserProfileClaims profiles) {
        this.keys = keys;
        this.audience = audience;
        this.profiles = profiles;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().keyId(keys.signingKey().getKeyID());
        boolean forClient = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType());
        User user = forClient ? null : profiles.activeUser(context.getPrincipal());
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            if (user != null) {
                // the ID token names the organisation too, so a client knows which one the user signed in to
                context.getClaims().claim(CurrentUser.TENANT_CLAIM, user.tenantId().toString());
            }
            return;
        }
        // mutable JDK lists: the claims are stored with the authorization, and its JSON type allowlist refuses
        // the immutable List.of implementations when reading them back
        context.getClaims().audience(new ArrayList<>(List.of(audience)));
        if (!context.getAuthorizedScopes().isEmpty()) {
            // RFC 9068: one space-separated string, not the JSON array Spring Authorization Server writes
            context.getClaims().claim("scope", String.join(" ", context.getAuthorizedScopes().stream().sorted()
                    .toList()));
        }
        if (forClient) {
            Object tenant = context.getRegisteredClient().getClientSettings()
                    .getSetting(TenantClientRegistrations.TENANT_SETTING);
            context.getClaims().claim(CurrentUser.TENANT_CLAIM, tenant.toString());
            context.getClaims().claim(CurrentUser.ROLES_CLAIM, new ArrayList<String>());
        } else {
            // roles as the directory holds them now, not as they were at sign-in
            context.getClaims().claim(CurrentUser.TENANT_CLAIM, user.tenantId().toString());
            context.getClaims().claim(CurrentUser.ROLES_CLAIM,
                    new ArrayList<>(user.roles().stream().map(Enum::name).toList()));
        }
    }
}
