package dev.gantry.user.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class SignUpApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void signUpCreatesTheOrganisationWithTheCallerAsItsOwner() {
        Organisation org = Organisation.signUp(http);

        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody()
                .jsonPath("$.id").isEqualTo(org.ownerId().toString())
                .jsonPath("$.tenantId").isEqualTo(org.tenantId().toString())
                .jsonPath("$.email").isEqualTo(org.ownerEmail())
                .jsonPath("$.roles[0]").isEqualTo("OWNER")
                .jsonPath("$.locale").isEqualTo("en")
                .jsonPath("$.timeZone").isEqualTo("Europe/Berlin")
                .jsonPath("$.status").isEqualTo("ACTIVE");
        http.get().uri("/api/v1/tenants/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(org.tenantId().toString())
                .jsonPath("$.name").isEqualTo("测试 Test Org")
                .jsonPath("$.mfaRequired").isEqualTo(false);
    }

    @Test
    void defaultsToChineseAndShanghaiTime() {
        String email = "zh-" + UUID.randomUUID() + "@example.cn";
        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("{\"organisationName\":\"支付团队\",\"email\":\"" + email + "\",\"displayName\":\"张三\",\"password\":\"" + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.owner.locale").isEqualTo("zh-CN")
                .jsonPath("$.owner.timeZone").isEqualTo("Asia/Shanghai");
    }

    @Test
    void refusesInvalidInputNamingEachFieldAndCreatesNothing() {
        long before = usersWithEmailLike("%@b");
        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("{\"organisationName\":\"  \",\"email\":\"a@b\",\"displayName\":\"x\\u0000y\","
                        + "\"locale\":\"fr\",\"timeZone\":\"Mars/Olympus\",\"password\":\"p\"}")
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/validation-failed")
                .jsonPath("$.errors[?(@.field == 'organisationName')]").exists()
                .jsonPath("$.errors[?(@.field == 'email')]").exists()
                .jsonPath("$.errors[?(@.field == 'displayName')]").exists();
        assertThat(usersWithEmailLike("%@b")).isEqualTo(before);
    }

    @Test
    void refusesAnUnknownLocaleOrTimeZone() {
        String email = "tz-" + UUID.randomUUID() + "@example.com";
        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("{\"organisationName\":\"Org\",\"email\":\"" + email + "\",\"displayName\":\"X\","
                        + "\"locale\":\"fr\",\"timeZone\":\"+08:00\",\"password\":\"" + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'locale')]").exists()
                .jsonPath("$.errors[?(@.field == 'timeZone')]").exists();
        // the refusal did not use up the address's sign-up
        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("{\"organisationName\":\"Org\",\"email\":\"" + email + "\",\"displayName\":\"X\",\"password\":\"" + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isCreated();
    }

    @Test
    void oneEmailCannotSignUpAgainDuringTheCooldown() {
        String email = "again-" + UUID.randomUUID() + "@example.com";
        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("{\"organisationName\":\"First\",\"email\":\"" + email + "\",\"displayName\":\"A\",\"password\":\"" + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isCreated();

        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("{\"organisationName\":\"Second\",\"email\":\"" + email.toUpperCase() + "\",\"displayName\":\"A\",\"password\":\"" + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, value ->
                        assertThat(Long.parseLong(value)).isBetween(1L, 600L))
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/sign-up-cooldown");
        assertThat(usersWithEmailLike(email)).isEqualTo(1);
    }

    @Test
    void organisationSettingsNeedAnAdminAndTheCurrentVersion() {
        Organisation org = Organisation.signUp(http);
        UUID member = org.addUser("MEMBER");

        http.patch().uri("/api/v1/tenants/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(member))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Taken over\"}")
                .exchange().expectStatus().isForbidden();
        http.patch().uri("/api/v1/tenants/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"Renamed\"}")
                .exchange().expectStatus().isEqualTo(428);
        http.patch().uri("/api/v1/tenants/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Renamed\"}")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.name").isEqualTo("Renamed");
        http.patch().uri("/api/v1/tenants/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Stale\"}")
                .exchange().expectStatus().isEqualTo(412);
    }

    /** Counts across all tenants: the owner role bypasses nothing here, so this reads as the migration owner would. */
    private long usersWithEmailLike(String pattern) {
        return jdbc.sql("select count(*) from users_by_email_for_test(:p)").param("p", pattern)
                .query(Long.class).single();
    }
}
