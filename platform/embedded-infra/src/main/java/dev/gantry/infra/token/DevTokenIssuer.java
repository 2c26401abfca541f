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
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A token issuer for development and tests, until user-service issues real tokens: an RSA key pair, a JWKS endpoint
 * on 127.0.0.1, and RS256 access tokens shaped like the platform's (iss, aud, sub, tid, roles, scope). Services
 * trust it only through configuration, which the k8s profile never points at a loopback address.
 * <p>
 * Development only, like the rest of this class: a minimal OAuth2 {@code client_credentials} token endpoint
 * ({@value #TOKEN_PATH}, served next to the JWKS) for service clients registered with
 * {@link #registerClient(String, String, Set)}, e.g. search-service reading the source services' exports. Its tokens
 * have the client id as subject, the granted scopes, and no tenant. It is no authorization server: no other grants,
 * no refresh tokens, no revocation; user-service replaces it.
 */
public final class DevTokenIssuer implements AutoCloseable {

    public static final String JWKS_PATH = "/jwks";
    public static final String TOKEN_PATH = "/oauth2/token";
    /** Lifetime of a client_credentials token; clients fetch a new one when it expires. */
    public static final Duration CLIENT_TOKEN_LIFETIME = Duration.ofMinutes(5);
    public static final String AUDIENCE = "gantry-api";

    private final RSAKey key;
    private final String issuer;
    private final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
    private HttpServer server;

    /** A service client allowed the client_credentials grant for some scopes. */
    private record RegisteredClient(String id, byte[] secret, Set<String> scopes) {
    }

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

    /**
     * Serves the public keys at {@code http://127.0.0.1:port/jwks} and the client_credentials endpoint at
     * {@code /oauth2/token}; port 0 picks a free one.
     */
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
        http.createContext(TOKEN_PATH, this::token);
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

    /** {@code http://127.0.0.1:port/oauth2/token}, where registered clients get client_credentials tokens. */
    public String tokenUri() {
        if (server == null) {
            throw new IllegalStateException("The token endpoint is not being served");
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + TOKEN_PATH;
    }

    /**
     * Allows a client the client_credentials grant at {@link #tokenUri()} for (a subset of) {@code scopes}; a second
     * registration of the same id replaces the first.
     */
    public DevTokenIssuer registerClient(String clientId, String secret, Set<String> scopes) {
        if (clientId == null || clientId.isBlank() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("A client needs an id and a secret");
        }
        clients.put(clientId, new RegisteredClient(clientId, secret.getBytes(StandardCharsets.UTF_8),
                Set.copyOf(scopes)));
        return this;
    }

    /** The token endpoint: RFC 6749 section 4.4, client authentication by HTTP Basic or form parameters. */
    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                respond(exchange, 405, Map.of("error", "invalid_request", "error_description", "use POST"));
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readNBytes(8192),
                    StandardCharsets.UTF_8));
            String[] credentials = basic(exchange.getRequestHeaders().getFirst("Authorization"));
            String clientId = credentials != null ? credentials[0] : form.get("client_id");
            String secret = credentials != null ? credentials[1] : form.get("client_secret");
            RegisteredClient client = clientId == null ? null : clients.get(clientId);
            if (client == null || secret == null || !MessageDigest.isEqual(client.secret(),
                    secret.getBytes(StandardCharsets.UTF_8))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"gantry-dev\"");
                respond(exchange, 401, Map.of("error", "invalid_client"));
                return;
            }
            if (!"client_credentials".equals(form.get("grant_type"))) {
                respond(exchange, 400, Map.of("error", "unsupported_grant_type"));
                return;
            }
            String requested = form.get("scope");
            Set<String> scopes = requested == null || requested.isBlank() ? client.scopes()
                    : new TreeSet<>(List.of(requested.trim().split("\\s+")));
            if (!client.scopes().containsAll(scopes)) {
                respond(exchange, 400, Map.of("error", "invalid_scope", "error_description",
                        "allowed: " + String.join(" ", new TreeSet<>(client.scopes()))));
                return;
            }
            String scope = String.join(" ", new TreeSet<>(scopes));
            String token = sign(Map.of("sub", client.id(), "client_id", client.id(), "scope", scope),
                    CLIENT_TOKEN_LIFETIME);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            respond(exchange, 200, Map.of("access_token", token, "token_type", "Bearer",
                    "expires_in", CLIENT_TOKEN_LIFETIME.toSeconds(), "scope", scope));
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] json = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    /** id and secret of an HTTP Basic header (each form-urlencoded, RFC 6749 section 2.3.1), or null. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
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
