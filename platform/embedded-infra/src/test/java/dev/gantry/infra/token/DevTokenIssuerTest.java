package dev.gantry.infra.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The development issuer's client_credentials endpoint, over real HTTP. */
class DevTokenIssuerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private DevTokenIssuer issuer;

    @BeforeEach
    void serve() throws Exception {
        issuer = DevTokenIssuer.inMemory("https://issuer.test")
                .registerClient("search-service", "s3cret", Set.of("gantry.export")).serveJwks(0);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void issuesATenantlessTokenWithTheClientsScopeSignedByTheServedKey() throws Exception {
        HttpResponse<String> response = post(basic("search-service", "s3cret"), "grant_type=client_credentials");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = JSONObjectUtils.parse(response.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("scope", "gantry.export");
        SignedJWT jwt = SignedJWT.parse((String) body.get("access_token"));
        RSAKey key = JWKSet.parse(issuer.jwksJson()).getKeys().getFirst().toRSAKey();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("search-service");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("gantry.export");
        assertThat(jwt.getJWTClaimsSet().getClaim("tid")).isNull();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://issuer.test");
    }

    @Test
    void acceptsClientCredentialsInTheForm() throws Exception {
        HttpResponse<String> response = post(null,
                "grant_type=client_credentials&client_id=search-service&client_secret=s3cret&scope=gantry.export");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAWrongSecretAnUnknownClientAnotherGrantAndAScopeNotGranted() throws Exception {
        assertThat(post(basic("search-service", "wrong"), "grant_type=client_credentials").body())
                .contains("invalid_client");
        assertThat(post(basic("search-service", "wrong"), "grant_type=client_credentials").statusCode())
                .isEqualTo(401);
        assertThat(post(basic("nobody", "s3cret"), "grant_type=client_credentials").statusCode()).isEqualTo(401);
        HttpResponse<String> password = post(basic("search-service", "s3cret"), "grant_type=password");
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(password.body()).contains("unsupported_grant_type");
        HttpResponse<String> scope = post(basic("search-service", "s3cret"),
                "grant_type=client_credentials&scope=gantry.export%20gantry.admin");
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(scope.body()).contains("invalid_scope");
    }

    @Test
    void answersOnlyPost() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer.tokenUri())).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> post(String authorization, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer.tokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
