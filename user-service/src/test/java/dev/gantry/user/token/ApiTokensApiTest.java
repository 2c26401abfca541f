package dev.gantry.user.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class ApiTokensApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aTokenIsShownOnceStoredHashedAndActsForItsUser() {
        Organisation org = Organisation.signUp(http);
        DocumentContext created = create(org.ownerToken(), "{\"name\":\"CI 脚本\",\"scopes\":[\"write\",\"read\"],"
                + "\"expiresInDays\":30}");
        String secret = created.read("$.token");
        assertThat(secret).startsWith("gnt_pat_").hasSize(8 + 43);
        assertThat((String) created.read("$.hint")).isEqualTo(secret.substring(0, 12));
        assertThat((List<String>) created.read("$.scopes")).containsExactly("read", "write");
        Instant expires = Instant.parse(created.read("$.expiresAt"));
        assertThat(expires).isBetween(Instant.now().plus(29, ChronoUnit.DAYS), Instant.now().plus(31, ChronoUnit.DAYS));

        String list = http.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(list).doesNotContain(secret.substring(12)).contains("CI 脚本");
        String stored = TenantContext.callAs(org.tenantId(), () -> transactions.execute(s ->
                jdbc.sql("select secret_hash from api_tokens where tenant_id = :t").param("t", org.tenantId())
                        .query(String.class).single()));
        assertThat(stored).isEqualTo(Secrets.sha256(secret));

        assertThat(tokens.authenticate(secret)).hasValueSatisfying(principal -> {
            assertThat(principal.userId()).isEqualTo(org.ownerId());
            assertThat(principal.tenantId()).isEqualTo(org.tenantId());
            assertThat(principal.scopes()).containsExactly("read", "write");
        });
        assertThat(tokens.authenticate(secret.substring(0, secret.length() - 1) + "x")).isEmpty();
        assertThat(tokens.authenticate("Bearer " + secret)).isEmpty();
    }

    @Test
    void aRevokedTokenNoLongerAuthenticates() {
        Organisation org = Organisation.signUp(http);
        DocumentContext created = create(org.ownerToken(), "{\"name\":\"Once\",\"scopes\":[\"read\"]}");
        String id = created.read("$.id");
        http.delete().uri("/api/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isNoContent();
        http.delete().uri("/api/v1/tokens/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isNoContent();

        assertThat(tokens.authenticate(created.read("$.token"))).isEmpty();
        String audit = http.get().uri("/api/v1/audit-events?subjectId=" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].type")).containsExactly("token.revoked",
                "token.created");
    }

    @Test
    void aDisabledUsersTokensStopWorking() {
        Organisation org = Organisation.signUp(http);
        UUID member = org.addUser("MEMBER");
        String secret = create(org.tokenFor(member), "{\"name\":\"Mine\",\"scopes\":[\"read\"]}").read("$.token");
        assertThat(tokens.authenticate(secret)).isPresent();

        http.post().uri("/api/v1/users/" + member + "/disable").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"1\"").exchange().expectStatus().isOk();
        assertThat(tokens.authenticate(secret)).isEmpty();
    }

    @Test
    void anExpiredTokenDoesNotAuthenticate() {
        Organisation org = Organisation.signUp(http);
        String secret = create(org.ownerToken(), "{\"name\":\"Short\",\"scopes\":[\"read\"],\"expiresInDays\":1}")
                .read("$.token");
        TenantContext.runAs(org.tenantId(), () -> transactions.executeWithoutResult(s ->
                jdbc.sql("update api_tokens set expires_at = now() - interval '1 second' where secret_hash = :h")
                        .param("h", Secrets.sha256(secret)).update()));
        assertThat(tokens.authenticate(secret)).isEmpty();
    }

    @Test
    void refusesUnknownScopesAndLifetimes() {
        Organisation org = Organisation.signUp(http);
        for (String body : List.of("{\"name\":\"x\",\"scopes\":[\"admin\"]}", "{\"name\":\"x\",\"scopes\":[]}",
                "{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresInDays\":0}",
                "{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresInDays\":400}",
                "{\"name\":\"\",\"scopes\":[\"read\"]}")) {
            http.post().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                    .contentType(MediaType.APPLICATION_JSON).body(body)
                    .exchange().expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void othersTokensAreNotListedAndOnlyAdminsRevokeThem() {
        Organisation org = Organisation.signUp(http);
        UUID alice = org.addUser("MEMBER");
        UUID bob = org.addUser("MEMBER");
        String aliceToken = create(org.tokenFor(alice), "{\"name\":\"Alice's\",\"scopes\":[\"read\"]}").read("$.id");

        http.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(bob))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        http.delete().uri("/api/v1/tokens/" + aliceToken).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(bob))
                .exchange().expectStatus().isNotFound();
        Organisation other = Organisation.signUp(http);
        http.delete().uri("/api/v1/tokens/" + aliceToken).header(HttpHeaders.AUTHORIZATION, "Bearer " + other.ownerToken())
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(alice))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items[0].revokedAt").doesNotExist();

        http.delete().uri("/api/v1/tokens/" + aliceToken).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(alice))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items[0].revokedAt").exists();
    }

    @Test
    void secretBearingCallsRefuseIdempotencyKeysSoNoSecretIsEverStoredForReplay() {
        Organisation org = Organisation.signUp(http);
        for (String uri : List.of("/api/v1/tokens", "/api/v1/clients", "/api/v1/me/mfa/totp")) {
            http.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                    .header("Idempotency-Key", "retry-" + UUID.randomUUID())
                    .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"Keyed\",\"scopes\":[\"read\"]}")
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/idempotency-not-supported");
        }
        http.get().uri("/api/v1/tokens").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        // other creations keep their idempotency
        http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header("Idempotency-Key", "create-user-" + UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"keyed-" + UUID.randomUUID() + "@example.com\",\"displayName\":\"K\",\"roles\":[\"MEMBER\"]}")
                .exchange().expectStatus().isCreated();
    }

    private DocumentContext create(String token, String body) {
        return JsonPath.parse(new String(http.post().uri("/api/v1/tokens")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange().expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
    }
}
