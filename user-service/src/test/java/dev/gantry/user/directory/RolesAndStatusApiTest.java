package dev.gantry.user.directory;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class RolesAndStatusApiTest {

    @LocalServerPort
    int port;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void anAdminChangesRolesAgainstTheCurrentVersion() {
        Organisation org = Organisation.signUp(http);
        UUID user = org.addUser("MEMBER");
        String admin = org.tokenFor(org.addUser("ADMIN"));

        changeRoles(admin, user, null, "GUEST").expectStatus().isEqualTo(428);
        changeRoles(admin, user, "\"1\"", "ADMIN", "MEMBER").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.roles").isEqualTo(List.of("ADMIN", "MEMBER"));
        changeRoles(admin, user, "\"1\"", "GUEST").expectStatus().isEqualTo(412)
                .expectBody().jsonPath("$.currentVersion").isEqualTo(2);
        changeRoles(org.tokenFor(user), org.ownerId(), "\"1\"", "MEMBER").expectStatus().isForbidden();
    }

    @Test
    void onlyAnOwnerGrantsOrRemovesOwnership() {
        Organisation org = Organisation.signUp(http);
        UUID user = org.addUser("MEMBER");
        String admin = org.tokenFor(org.addUser("ADMIN"));

        changeRoles(admin, user, "\"1\"", "OWNER").expectStatus().isForbidden();
        changeRoles(admin, org.ownerId(), "\"1\"", "ADMIN").expectStatus().isForbidden();
        changeRoles(org.ownerToken(), user, "\"1\"", "OWNER").expectStatus().isOk();
    }

    @Test
    void theLastOwnerCannotBeDemotedButCanHandOver() {
        Organisation org = Organisation.signUp(http);
        changeRoles(org.ownerToken(), org.ownerId(), "\"1\"", "ADMIN").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/last-owner");

        UUID successor = org.addUser("MEMBER");
        changeRoles(org.ownerToken(), successor, "\"1\"", "OWNER").expectStatus().isOk();
        changeRoles(org.ownerToken(), org.ownerId(), "\"1\"", "ADMIN").expectStatus().isOk();
        changeRoles(org.tokenFor(successor), successor, "\"2\"", "MEMBER").expectStatus().isEqualTo(409);
        // the former owner, now an admin, cannot take ownership back
        changeRoles(org.ownerToken(), org.ownerId(), "\"2\"", "OWNER").expectStatus().isForbidden();
    }

    @Test
    void aDisabledUserCanNoLongerUseTheServiceUntilEnabledAgain() {
        Organisation org = Organisation.signUp(http);
        UUID user = org.addUser("ADMIN");

        http.post().uri("/api/v1/users/" + user + "/disable").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isEqualTo(428);
        http.post().uri("/api/v1/users/" + user + "/disable").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DISABLED");

        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(user))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/account-disabled");
        http.get().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(user))
                .exchange().expectStatus().isForbidden();

        http.post().uri("/api/v1/users/" + user + "/enable").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"2\"")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"3\"");
        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(user))
                .exchange().expectStatus().isOk();
    }

    @Test
    void nobodyDisablesThemselvesAndAdminsDoNotDisableOwners() {
        Organisation org = Organisation.signUp(http);
        UUID admin = org.addUser("ADMIN");

        http.post().uri("/api/v1/users/" + org.ownerId() + "/disable")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken()).header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/cannot-remove-self");
        http.post().uri("/api/v1/users/" + org.ownerId() + "/disable")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(admin)).header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
    }

    @Test
    void aDeletedUserIsGone() {
        Organisation org = Organisation.signUp(http);
        UUID user = org.addUser("MEMBER");

        http.delete().uri("/api/v1/users/" + user).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"7\"")
                .exchange().expectStatus().isEqualTo(412);
        http.delete().uri("/api/v1/users/" + user).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/users/" + user).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(user))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/unknown-user");
    }

    private RestTestClient.ResponseSpec changeRoles(String token, UUID user, String ifMatch, String... roles) {
        var request = http.put().uri("/api/v1/users/" + user + "/roles")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"roles\":[\"" + String.join("\",\"", roles) + "\"]}");
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.exchange();
    }
}
