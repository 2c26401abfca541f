package dev.gantry.user.authserver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The authorization server's token settings.
 *
 * @param accessTokenLifetime how long an access token is valid (default 10 minutes; Gantry uses 5 to 15)
 * @param keyRotation how long a signing key signs before a new one replaces it (default 30 days)
 */
@ConfigurationProperties("gantry.authserver")
record AuthorizationServerProperties(Duration accessTokenLifetime, Duration keyRotation) {

    AuthorizationServerProperties {
        accessTokenLifetime = accessTokenLifetime == null ? Duration.ofMinutes(10) : accessTokenLifetime;
        keyRotation = keyRotation == null ? Duration.ofDays(30) : keyRotation;
        if (accessTokenLifetime.compareTo(Duration.ofMinutes(5)) < 0
                || accessTokenLifetime.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("gantry.authserver.access-token-lifetime must be 5 to 15 minutes");
        }
    }
}
