package dev.gantry.user.tenant;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Abuse limits of self-service sign-up.
 *
 * @param emailCooldown how long an e-mail address cannot sign up again after it did (default 10 minutes)
 */
@ConfigurationProperties("gantry.signup")
record SignUpProperties(Duration emailCooldown) {

    SignUpProperties {
        emailCooldown = emailCooldown == null ? Duration.ofMinutes(10) : emailCooldown;
    }
}
