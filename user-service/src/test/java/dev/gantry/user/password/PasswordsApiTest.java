package dev.gantry.user.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class PasswordsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void signUpRefusesAWeakPasswordAndUsesNoCooldown() {
        String email = "weak-" + UUID.randomUUID() + "@example.com";
        for (String weak : List.of("short", "qwertyuiop", "Password2024!", "aaaaaaaaaaaa")) {
            http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"organisationName\":\"Org\",\"email\":\"" + email + "\",\"displayName\":\"W\","
                            + "\"password\":\"" + weak + "\"}")
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        }
        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("{\"organisationName\":\"Org\",\"email\":\"" + email + "\",\"displayName\":\"W\","
                        + "\"password\":\"" + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isCreated();
    }

    @Test
    void storesOnlyABcryptHash() {
        Organisation org = Organisation.signUp(http);
        String hash = TenantContext.callAs(org.tenantId(), () -> transactions.execute(s ->
                jdbc.sql("select password_hash from credentials where user_id = :id").param("id", org.ownerId())
                        .query(String.class).single()));
        assertThat(hash).startsWith("{bcrypt}$2a$").doesNotContain(Organisation.PASSWORD);
    }

    @Test
    void aUserChangesTheirPasswordKnowingTheCurrentOne() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();
        String next = "A new and longer passphrase";

        change(token, "wrong password here", next).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("currentPassword");
        change(token, Organisation.PASSWORD, "iloveyou12").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("newPassword");
        change(token, Organisation.PASSWORD, next).expectStatus().isNoContent();
        change(token, Organisation.PASSWORD, "Yet another passphrase 3").expectStatus().isBadRequest();
        change(token, next, "Yet another passphrase 3").expectStatus().isNoContent();

        String audit = http.get().uri("/api/v1/audit-events?type=password.changed")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].subjectId"))
                .containsExactly(org.ownerId().toString(), org.ownerId().toString());
    }

    @Test
    void repeatedWrongPasswordsLockTheAccount() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();
        for (int attempt = 1; attempt <= 4; attempt++) {
            change(token, "guess number " + attempt, "Whatever passphrase 42").expectStatus().isBadRequest();
        }
        change(token, "guess number 5", "Whatever passphrase 42").expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L))
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/account-locked");
        // locked: even the right password is refused, and the password stays unchanged
        change(token, Organisation.PASSWORD, "Whatever passphrase 42").expectStatus().isEqualTo(429);

        String audit = http.get().uri("/api/v1/audit-events?subjectId=" + org.ownerId())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        List<String> types = JsonPath.read(audit, "$.items[*].type");
        assertThat(types).containsSubsequence("login.failed", "account.locked", "login.failed");
        assertThat(types.stream().filter("login.failed"::equals).count()).isEqualTo(6);
        assertThat(types).doesNotContain("password.changed");
    }

    private RestTestClient.ResponseSpec change(String token, String current, String next) {
        return http.post().uri("/api/v1/me/password").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}")
                .exchange();
    }
}
