package dev.gantry.common.security;

import java.net.URI;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The one token issuer every service trusts.
 *
 * @param issuer expected {@code iss} (the gateway's public URL)
 * @param audience expected {@code aud}
 * @param jwkSetUri where the issuer publishes its signing keys
 * @param forbidLoopbackJwks refuse to start when the keys would come from this machine (k8s profile), so a
 *                           development or test issuer can never be trusted in a cluster
 * @param publicPaths paths of this service that need no token, besides health and metrics
 */
@ConfigurationProperties("gantry.security.jwt")
public record GantryJwtProperties(String issuer, String audience, URI jwkSetUri, boolean forbidLoopbackJwks,
        List<String> publicPaths) {

    public GantryJwtProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }

    /** Fails the start-up when the issuer is not fully configured, or is a loopback one where that is forbidden. */
    public void check() {
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank() || jwkSetUri == null) {
            throw new IllegalStateException(
                    "gantry.security.jwt.issuer, .audience and .jwk-set-uri must all be set");
        }
        String host = jwkSetUri.getHost();
        boolean loopback = host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        if (forbidLoopbackJwks && loopback) {
            throw new IllegalStateException("Refusing to trust signing keys from a loopback address (" + jwkSetUri
                    + "): a development or test issuer is never trusted with the k8s profile");
        }
    }
}
