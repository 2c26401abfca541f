package dev.gantry.user.authserver;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The authorization server's settings.
 *
 * @param accessTokenLifetime how long an access token is valid (default 10 minutes; Gantry uses 5 to 15)
 * @param keyRotation how long a signing key signs before a new one replaces it (default 30 days)
 * @param refreshTokenLifetime how long a refresh token of a platform client is valid (default 30 days)
 * @param clients the platform's own clients users sign in through
 */
@ConfigurationProperties("gantry.authserver")
record AuthorizationServerProperties(Duration accessTokenLifetime, Duration keyRotation, Duration refreshTokenLifetime,
        List<PlatformClient> clients) {

    /**
     * A platform client.
     *
     * @param clientSecret its encoded secret ({@code {bcrypt}...}); none for a public client (mobile apps)
     * @param redirectUris where it may receive authorization codes (exact match)
     * @param scopes the API scopes it may ask for, besides openid, profile and email
     * @param tokenExchange whether it may exchange personal API tokens for access tokens (confidential clients only)
     */
    record PlatformClient(String clientId, String clientSecret, List<String> redirectUris, List<String> scopes,
            boolean tokenExchange) {
        PlatformClient {
            redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }

    AuthorizationServerProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
        refreshTokenLifetime = refreshTokenLifetime == null ? Duration.ofDays(30) : refreshTokenLifetime;
        accessTokenLifetime = accessTokenLifetime == null ? Duration.ofMinutes(10) : accessTokenLifetime;
        keyRotation = keyRotation == null ? Duration.ofDays(30) : keyRotation;
        if (accessTokenLifetime.compareTo(Duration.ofMinutes(5)) < 0
                || accessTokenLifetime.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("gantry.authserver.access-token-lifetime must be 5 to 15 minutes");
        }
    }
}
