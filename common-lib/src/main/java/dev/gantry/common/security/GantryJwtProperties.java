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
        if (jwkSetUri.getHost() == null) {
            throw new IllegalStateException("gantry.security.jwt.jwk-set-uri has no valid host: " + jwkSetUri);
        }
        if (forbidLoopbackJwks && isLoopback(jwkSetUri.getHost())) {
            throw new IllegalStateException("Refusing to trust signing keys from a loopback address (" + jwkSetUri
                    + "): a development or test issuer is never trusted with the k8s profile");
        }
    }

    /** Loopback by name ({@code localhost} in any spelling) or by address literal; names are never resolved here. */
    static boolean isLoopback(String host) {
        String name = host.toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        boolean literal = name.startsWith("[") || name.matches("[0-9.]+");
        if (!literal) {
            return false;
        }
        try {
            var address = java.net.InetAddress.getByName(name.replace("[", "").replace("]", ""));
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
