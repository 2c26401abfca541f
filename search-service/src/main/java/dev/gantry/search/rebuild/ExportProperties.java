package dev.gantry.search.rebuild;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the source services' internal export endpoints are and how search-service authenticates to them
 * (OAuth2 client_credentials, scope {@code gantry.export}).
 */
@ConfigurationProperties("gantry.search.export")
record ExportProperties(URI projectServiceUrl, URI taskServiceUrl, URI tokenUri, String clientId, String clientSecret,
        int pageSize, Duration timeout) {

    static final String SCOPE = "gantry.export";
}
