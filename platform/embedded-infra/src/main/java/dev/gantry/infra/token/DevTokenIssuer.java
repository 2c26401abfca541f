package dev.gantry.infra.token;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * A token issuer for development and tests, until user-service issues real tokens: an RSA key pair, a JWKS endpoint
 * on 127.0.0.1, and RS256 access tokens shaped like the platform's (iss, aud, sub, tid, roles, scope). Services
 * trust it only through configuration, which the k8s profile never points at a loopback address.
 */
public final class DevTokenIssuer implements AutoCloseable {

    public static final String JWKS_PATH = "/jwks";
    public static final String AUDIENCE = "gantry-api";

    private final RSAKey key;
    private final String issuer;
    private HttpServer server;

    private DevTokenIssuer(RSAKey key, String issuer) {
        this.key = key;
        this.issuer = issuer;
    }

    /** A fresh key pair held in memory, as tests want. */
    public static DevTokenIssuer inMemory(String issuer) {
        return new DevTokenIssuer(generate(), issuer);
    }

    /** The key pair kept in a file (readable by the owner only), created on first use, as the local platform wants. */
    public static DevTokenIssuer persistent(Path keyFile, String issuer) throws IOException {
        if (Files.exists(keyFile)) {
            try {
                return new DevTokenIssuer(RSAKey.parse(Files.readString(keyFile)), issuer);
            } catch (ParseException e) {
                throw new IOException("Unreadable development signing key " + keyFile + ": delete it to make a new one", e);
            }
        }
        RSAKey key = generate();
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, key.toJSONString());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        return new DevTokenIssuer(key, issuer);
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String jwksJson() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** Serves the public keys at {@code http://127.0.0.1:port/jwks}; port 0 picks a free one. */
    public synchronized DevTokenIssuer serveJwks(int port) throws IOException {
        if (server != null) {
            return this;
        }
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        byte[] body = jwksJson().getBytes(StandardCharsets.UTF_8);
        http.createContext(JWKS_PATH, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        server = http;
        return this;
    }

    public String jwkSetUri() {
        if (server == null) {
            throw new IllegalStateException("JWKS is not being served");
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + JWKS_PATH;
    }

    /** An access token for a user of a tenant with the given tenant roles. */
    public String accessToken(UUID userId, UUID tenantId, List<String> roles, Duration lifetime) {
        return sign(Map.of("sub", userId.toString(), "tid", tenantId.toString(), "roles", roles,
                "scope", "openid profile"), lifetime);
    }

    /** A token with exactly these claims besides iss, aud, iat, exp and jti; for tests of what services refuse. */
    public String sign(Map<String, Object> claims, Duration lifetime) {
        return sign(claims, issuer, AUDIENCE, lifetime);
    }

    public String sign(Map<String, Object> claims, String issuer, String audience, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), builder.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
        return jwt.serialize();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }
}
