package dev.gantry.user.mfa;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Two-factor authentication settings.
 *
 * @param issuer the name authenticator apps show next to the account
 */
@ConfigurationProperties("gantry.mfa")
record MfaProperties(String issuer) {

    MfaProperties {
        issuer = issuer == null ? "Gantry" : issuer;
    }
}
