package dev.gantry.notification.bot;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Inbound bot commands ({@code gantry.notifications.bots.*}).
 *
 * @param tokenUri          the token endpoint that exchanges for a user's token (RFC 8693), user-service's
 *                          {@code /oauth2/token}
 * @param clientId          notification-service's client id there
 * @param clientSecret      its client secret (from the environment, never the repository)
 * @param taskServiceUrl    base URL of task-service
 * @param projectServiceUrl base URL of project-service
 * @param timeout           connect and read timeout of those calls
 * @param maxClockSkew      how old (or early) a signed callback's timestamp may be
 */
@ConfigurationProperties("gantry.notifications.bots")
public record BotProperties(URI tokenUri, String clientId, String clientSecret, URI taskServiceUrl,
        URI projectServiceUrl, Duration timeout, Duration maxClockSkew) {

    public BotProperties {
        taskServiceUrl = taskServiceUrl == null ? URI.create("http://127.0.0.1:8083") : taskServiceUrl;
        projectServiceUrl = projectServiceUrl == null ? URI.create("http://127.0.0.1:8082") : projectServiceUrl;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        maxClockSkew = maxClockSkew == null ? Duration.ofHours(1) : maxClockSkew;
    }
}
