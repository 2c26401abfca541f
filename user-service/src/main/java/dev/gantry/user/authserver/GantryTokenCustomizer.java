package dev.gantry.user.authserver;

import java.util.List;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.gantry.common.security.CurrentUser;

/**
 * Makes access tokens what every Gantry service validates: audience {@code gantry-api}, the tenant in {@code tid},
 * tenant roles in {@code roles} (none for an integration client), {@code scope} as a space-separated string, signed
 * by the newest key.
 */
class GantryTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final SigningKeys keys;
    private final String audience;

    GantryTokenCustomizer(SigningKeys keys, String audience) {
        this.keys = keys;
        this.audience = audience;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().keyId(keys.signingKey().getKeyID());
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        context.getClaims().audience(List.of(audience));
        if (!context.getAuthorizedScopes().isEmpty()) {
            // RFC 9068: one space-separated string, not the JSON array Spring Authorization Server writes
            context.getClaims().claim("scope", String.join(" ", context.getAuthorizedScopes().stream().sorted()
                    .toList()));
        }
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            Object tenant = context.getRegisteredClient().getClientSettings()
                    .getSetting(TenantClientRegistrations.TENANT_SETTING);
            context.getClaims().claim(CurrentUser.TENANT_CLAIM, tenant.toString());
            context.getClaims().claim(CurrentUser.ROLES_CLAIM, List.of());
        }
    }
}
