package dev.gantry.user.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.security.GantryJwtProperties;
import dev.gantry.common.security.GantryJwtValidators;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;
import dev.gantry.user.crypto.SecretCipher;

/** Integration clients obtain Gantry access tokens from user-service's authorization server (client_credentials). */
@GantryIntegrationTest
class AuthorizationServerTest {

    @LocalServerPort
    int port;

    @Autowired
    GantryJwtProperties jwtProperties;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SecretCipher cipher;

    @Autowired
    AuthorizationServerProperties properties;

    @Autowired
    ExpiredAuthorizations expired;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void publishesItsMetadataWithTheGatewayAsIssuerAndOnlyPublicKeys() {
        http.get().uri("/.well-known/oauth-authorization-server").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.issuer").isEqualTo(jwtProperties.issuer())
                .jsonPath("$.token_endpoint").isEqualTo(jwtProperties.issuer() + "/oauth2/token")
                .jsonPath("$.jwks_uri").isEqualTo(jwtProperties.issuer() + "/oauth2/jwks")
                .jsonPath("$.grant_types_supported[?(@ == 'client_credentials')]").exists();
        String jwks = http.get().uri("/oauth2/jwks").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(jwks, "$.keys[*].kty")).isNotEmpty().containsOnly("RSA");
        assertThat(JsonPath.<List<Object>>read(jwks, "$.keys[*].d")).isEmpty();
        assertThat(JsonPath.<List<Object>>read(jwks, "$.keys[*].p")).isEmpty();
    }

    @Test
    void anIntegrationClientGetsAnAccessTokenEveryGantryServiceAccepts() {
        Organisation org = Organisation.signUp(http);
        DocumentContext client = createClient(org, "[\"read\",\"write\"]");
        String clientId = client.read("$.clientId");

        DocumentContext token = JsonPath.parse(token(clientId, client.read("$.clientSecret"), "read")
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"))
                .returnResult(String.class).getResponseBody());
        assertThat((String) token.read("$.token_type")).isEqualTo("Bearer");
        assertThat((Integer) token.read("$.expires_in")).isBetween(590, 600);

        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(GantryJwtValidators.of(jwtProperties));
        Jwt jwt = decoder.decode(token.read("$.access_token"));
        assertThat(jwt.getIssuer().toString()).isEqualTo(jwtProperties.issuer());
        assertThat(jwt.getAudience()).containsExactly(jwtProperties.audience());
        assertThat(jwt.getSubject()).isEqualTo(clientId);
        assertThat(jwt.getClaimAsString("tid")).isEqualTo(org.tenantId().toString());
        assertThat(jwt.getClaimAsStringList("roles")).isEmpty();
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("read");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(properties.accessTokenLifetime());
        assertThat(jwt.getHeaders().get("kid")).isEqualTo(newestKid());
        assertThat(jwt.getHeaders().get("alg").toString()).isEqualTo("RS256");
    }

    @Test
    void refusesAWrongSecretAnUngrantedScopeAndARevokedClient() {
        Organisation org = Organisation.signUp(http);
        DocumentContext client = createClient(org, "[\"read\"]");
        String clientId = client.read("$.clientId");
        String secret = client.read("$.clientSecret");

        token(clientId, secret + "x", "read").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        token(clientId, secret, "write").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_scope");
        token("gnt_cli_" + UUID.randomUUID(), secret, "read").expectStatus().isUnauthorized();

        http.delete().uri("/api/v1/clients/" + client.read("$.id"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isNoContent();
        token(clientId, secret, "read").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void signingKeysLiveEncryptedInTheDatabaseAndSurviveARestart() {
        http.get().uri("/oauth2/jwks").exchange().expectStatus().isOk(); // the first key is made when first needed
        String kid = newestKid();
        String stored = transactions.execute(s -> jdbc.sql("select private_key from signing_keys where kid = :kid")
                .param("kid", kid).query(String.class).single());
        // a PKCS#8 RSA key in base64 starts with "MII"; the stored form is AES-GCM ciphertext bound to the key id
        assertThat(stored).doesNotStartWith("MII");
        assertThat(cipher.decrypt(stored, "signing-key/" + kid)).hasSizeGreaterThan(1000);

        SigningKeys afterRestart = new SigningKeys(jdbc, transactions, cipher, properties, Clock.systemUTC());
        assertThat(afterRestart.signingKey().getKeyID()).isEqualTo(kid);
        String jwks = http.get().uri("/oauth2/jwks").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(jwks, "$.keys[*].kid")).contains(kid);
    }

    @Test
    void theApiStillTrustsOnlyTheConfiguredIssuersKeys() {
        Organisation org = Organisation.signUp(http);
        DocumentContext client = createClient(org, "[\"read\"]");
        String accessToken = JsonPath.read(token(client.read("$.clientId"), client.read("$.clientSecret"), "read")
                .expectStatus().isOk().returnResult(String.class).getResponseBody(), "$.access_token");

        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
                .exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void prunesAuthorizationsWhoseTokensHaveExpired() {
        String old = "expired-" + UUID.randomUUID();
        String fresh = "fresh-" + UUID.randomUUID();
        for (String id : List.of(old, fresh)) {
            jdbc.sql("""
                    insert into oauth2_authorization (id, registered_client_id, principal_name,
                                                      authorization_grant_type, access_token_value,
                                                      access_token_issued_at, access_token_expires_at)
                    values (:id, 'gnt_cli_test', 'gnt_cli_test', 'client_credentials', 'x',
                            now() - cast(:age as interval), now() - cast(:age as interval) + interval '10 minutes')
                    """).param("id", id).param("age", id.equals(old) ? "3 hours" : "1 minute").update();
        }
        assertThat(expired.prune()).isGreaterThanOrEqualTo(1);
        assertThat(jdbc.sql("select id from oauth2_authorization where id in (:ids)")
                .param("ids", List.of(old, fresh)).query(String.class).list()).containsExactly(fresh);
    }

    private String newestKid() {
        return transactions.execute(s -> jdbc.sql("select kid from signing_keys order by created_at desc limit 1")
                .query(String.class).single());
    }

    private RestTestClient.ResponseSpec token(String clientId, String secret, String scope) {
        return http.post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(clientId, secret, StandardCharsets.UTF_8))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&scope=" + scope)
                .exchange();
    }

    private DocumentContext createClient(Organisation org, String scopes) {
        return JsonPath.parse(new String(http.post().uri("/api/v1/clients")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Integration\",\"scopes\":" + scopes + "}")
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody(),
                StandardCharsets.UTF_8));
    }
}
