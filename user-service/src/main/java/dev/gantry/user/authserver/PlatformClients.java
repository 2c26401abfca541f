package dev.gantry.user.authserver;

import java.util.List;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The platform's own clients that users sign in through (the web app's backend-for-frontend, the mobile apps),
 * from configuration: authorization code with PKCE always, rotating refresh tokens (for public clients too), first-party
 * so no consent page.
 */
final class PlatformClients {

    private PlatformClients() {
    }

    static RegisteredClientRepository registrations(AuthorizationServerProperties properties) {
        List<RegisteredClient> clients = properties.clients().stream().map(client -> {
            RegisteredClient.Builder builder = RegisteredClient.withId(client.clientId())
                    .clientId(client.clientId())
                    .clientName(client.clientId())
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUris(uris -> uris.addAll(client.redirectUris()))
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                    .scopes(scopes -> scopes.addAll(client.scopes()))
                    .clientSettings(ClientSettings.builder().requireProofKey(true)
                            .requireAuthorizationConsent(false).build())
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .tokenSettings(TokenSettings.builder()
                            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                            .accessTokenTimeToLive(properties.accessTokenLifetime())
                            // every refresh rotates the refresh token; a replayed old one revokes the family
                            .reuseRefreshTokens(false)
                            .refreshTokenTimeToLive(properties.refreshTokenLifetime())
                            .build());
            if (client.clientSecret() == null) {
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            } else {
                builder.clientSecret(client.clientSecret())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                if (client.tokenExchange()) {
                    // a trusted confidential client (the gateway) may exchange personal API tokens
                    builder.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE);
                }
            }
            return builder.build();
        }).toList();
        return clients.isEmpty() ? new NoClients() : new InMemoryRegisteredClientRepository(clients);
    }

    /** No platform client configured (integration clients only). */
    private static final class NoClients implements RegisteredClientRepository {
        @Override
        public void save(RegisteredClient registeredClient) {
            throw new UnsupportedOperationException("Platform clients come from gantry.authserver.clients");
        }

        @Override
        public RegisteredClient findById(String id) {
            return null;
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return null;
        }
    }
}
