package dev.gantry.notification.integration;

import java.util.UUID;

import dev.gantry.notification.notice.Channel;

/** What sending to (or verifying a callback of) an integration needs, decrypted: for the delivery and bot code only. */
public record IntegrationSecrets(UUID id, UUID tenantId, Channel platform, String url, String secret,
        String inboundSecret, String locale) {

    @Override
    public String toString() {
        return "IntegrationSecrets[" + id + ", " + platform + "]";
    }
}
