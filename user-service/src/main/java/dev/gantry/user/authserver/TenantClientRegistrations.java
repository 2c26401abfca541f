package dev.gantry.user.authserver;

import java.time.Duration;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.gantry.user.client.ApiClients;

/**
 * The authorization server's clients: the integration clients tenant admins manage through {@code /api/v1/clients}
 * (client_credentials only). A client's registration id is its client id, and its tenant travels in its settings
 * for the token customizer. Clients are created and revoked only through that API.
 */
class TenantClientRegistrations implements RegisteredClientRepository {

    static final String TENANT_SETTING = "gantry.tenant-id";

    private final ApiClients clients;
    private final Duration accessTokenLifetime;

    TenantClientRegistrations(ApiClients clients, Duration accessTokenLifetime) {
        this.clients = clients;
        this.accessTokenLifetime = accessTokenLifetime;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        // Spring Authorization Server saves a client only to upgrade a secret's hash encoding; client secrets are
        // encoded with the current encoder when created, so there is nothing to upgrade.
        throw new UnsupportedOperationException("Clients are created and revoked through /api/v1/clients");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return clients.registration(clientId).map(registration -> RegisteredClient.withId(clientId)
                .clientId(clientId)
                .clientName(registration.client().name())
                .clientSecret(registration.secretHash())
                .clientIdIssuedAt(registration.client().createdAt())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(registration.client().scopes()))
                .clientSettings(ClientSettings.builder()
                        .setting(TENANT_SETTING, registration.tenantId().toString())
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(accessTokenLifetime)
                        .build())
                .build())
                .orElse(null);
    }
}
