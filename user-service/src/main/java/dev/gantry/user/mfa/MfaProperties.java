package dev.gantry.user.mfa;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Two-factor authentication settings.
 *
 * @param encryptionKey base64 of the 32-byte AES key that encrypts TOTP secrets at rest (set from a secret in
 *                      production: GANTRY_MFA_ENCRYPTION_KEY)
 * @param issuer the name authenticator apps show next to the account
 */
@ConfigurationProperties("gantry.mfa")
record MfaProperties(String encryptionKey, String issuer) {

    MfaProperties {
        issuer = issuer == null ? "Gantry" : issuer;
    }
}
