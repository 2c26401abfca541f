package dev.gantry.user.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.common.security.GantryJwtProperties;
import dev.gantry.common.security.GantryJwtValidators;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

/** The gateway exchanges a script's personal API token for a short-lived access token of its user (RFC 8693). */
@GantryIntegrationTest
class TokenExchangeTest {

    static final String GATEWAY = "gantry-test-gateway";
    static final String GATEWAY_SECRET = "test-gateway-secret";

    @LocalServerPort
    int port;

    @Autowired
    GantryJwtProperties jwtProperties;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aTrustedClientExchangesAPersonalTokenForTheUsersAccessToken() {
        Organisation org = Organisation.signUp(http);
        UUID member = org.addUser("MEMBER");
        String personal = personalToken(org.tokenFor(member), "[\"read\"]");

        String body = exchange(GATEWAY, GATEWAY_SECRET, personal).expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat((String) JsonPath.read(body, "$.issued_token_type"))
                .isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        decoder.setJwtValidator(GantryJwtValidators.of(jwtProperties));
        Jwt jwt = decoder.decode(JsonPath.read(body, "$.access_token"));
        assertThat(jwt.getSubject()).isEqualTo(member.toString());
        assertThat(jwt.getClaimAsString("tid")).isEqualTo(org.tenantId().toString());
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("MEMBER");
        assertThat(jwt.getClaimAsString("scope")).isEqualTo("read");
    }

    @Test
    void refusesRevokedTokensWrongClientSecretsAndClientsNotTrustedToExchange() {
        Organisation org = Organisation.signUp(http);
        DocumentContext created = JsonPath.parse(new String(http.post().uri("/api/v1/tokens")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken()).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Script\",\"scopes\":[\"read\",\"write\"]}").exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
        String tokenId = created.read("$.id");
        String personal = created.read("$.token");

        exchange(GATEWAY, "wrong-secret", personal).expectStatus().isUnauthorized();
        exchange(GATEWAY, GATEWAY_SECRET, "gnt_pat_" + "x".repeat(43)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_grant");

        // an integration client of a tenant may not act for users
        DocumentContext client = JsonPath.parse(new String(http.post().uri("/api/v1/clients")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken()).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Bot\",\"scopes\":[\"read\"]}").exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
        exchange(client.read("$.clientId"), client.read("$.clientSecret"), personal).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("unauthorized_client");

        http.delete().uri("/api/v1/tokens/" + tokenId).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isNoContent();
        exchange(GATEWAY, GATEWAY_SECRET, personal).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    }

    private String personalToken(String bearer, String scopes) {
        return JsonPath.read(new String(http.post().uri("/api/v1/tokens")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Script\",\"scopes\":" + scopes + "}").exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8), "$.token");
    }

    private RestTestClient.ResponseSpec exchange(String clientId, String secret, String subjectToken) {
        return http.post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(clientId, secret, StandardCharsets.UTF_8))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token=" + subjectToken
                        + "&subject_token_type=urn:gantry:params:oauth:token-type:personal-api-token")
                .exchange();
    }
}
