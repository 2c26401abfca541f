package dev.gantry.user.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class UsersApiTest {

    @LocalServerPort
    int port;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void anAdminCreatesAUserWithRolesAndAnETag() {
        Organisation org = Organisation.signUp(http);
        UUID admin = org.addUser("ADMIN");

        http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"Li.Lei@Example.com\",\"displayName\":\" 李雷 \",\"roles\":[\"MEMBER\",\"GUEST\"],"
                        + "\"timeZone\":\"America/New_York\"}")
                .exchange().expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectHeader().value(HttpHeaders.LOCATION, l -> assertThat(l).startsWith("/api/v1/users/"))
                .expectBody()
                .jsonPath("$.email").isEqualTo("li.lei@example.com")
                .jsonPath("$.displayName").isEqualTo("李雷")
                .jsonPath("$.roles").isEqualTo(List.of("MEMBER", "GUEST"))
                .jsonPath("$.locale").isEqualTo("zh-CN")
                .jsonPath("$.timeZone").isEqualTo("America/New_York");
    }

    @Test
    void anEmailBelongsToOneUserPerOrganisation() {
        Organisation org = Organisation.signUp(http);
        org.addUserWithEmail("same@example.com", "First", "MEMBER");

        http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"SAME@example.com\",\"displayName\":\"Second\",\"roles\":[\"MEMBER\"]}")
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/email-taken");
        // another organisation may have its own user with that address
        Organisation.signUp(http).addUserWithEmail("same@example.com", "Elsewhere", "MEMBER");
    }

    @Test
    void membersAndGuestsCannotCreateUsersAndAdminsCannotCreateOwners() {
        Organisation org = Organisation.signUp(http);
        String member = org.tokenFor(org.addUser("MEMBER"));
        String admin = org.tokenFor(org.addUser("ADMIN"));

        http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"x@example.com\",\"displayName\":\"X\",\"roles\":[\"MEMBER\"]}")
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"y@example.com\",\"displayName\":\"Y\",\"roles\":[\"OWNER\"]}")
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/users?query=example.com").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(3);
    }

    @Test
    void refusesInvalidUsersNamingTheFields() {
        Organisation org = Organisation.signUp(http);
        http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"nope\",\"displayName\":\"" + "x".repeat(101) + "\",\"roles\":[]}")
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'email')]").exists()
                .jsonPath("$.errors[?(@.field == 'displayName')]").exists()
                .jsonPath("$.errors[?(@.field == 'roles')]").exists();
        http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"a@example.com\",\"displayName\":\"A\",\"roles\":[\"KING\"]}")
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void searchesTheDirectoryByNameOrEmailPageByPage() {
        Organisation org = Organisation.signUp(http);
        for (int i = 0; i < 5; i++) {
            org.addUserWithEmail("dev" + i + "@pay.example.com", "Payments Dev " + i, "MEMBER");
        }
        org.addUserWithEmail("ops@example.com", "王_运维 100%", "MEMBER");
        String member = org.tokenFor(org.addUser("MEMBER"));

        String first = http.get().uri("/api/v1/users?query=PAY&limit=3")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(first, "$.items[*].email"))
                .containsExactly("dev0@pay.example.com", "dev1@pay.example.com", "dev2@pay.example.com");
        String cursor = JsonPath.read(first, "$.nextCursor");
        http.get().uri("/api/v1/users?query=pay&limit=3&cursor=" + cursor)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].email").isEqualTo(List.of("dev3@pay.example.com", "dev4@pay.example.com"))
                .jsonPath("$.nextCursor").doesNotExist();
        // LIKE wildcards in the query are plain characters
        http.get().uri(b -> b.path("/api/v1/users").queryParam("query", "{q}").build("_运维 100%")).header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].email").isEqualTo(List.of("ops@example.com"));
        http.get().uri(b -> b.path("/api/v1/users").queryParam("query", "{q}").build("%")).header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].email").isEqualTo(List.of("ops@example.com"));
        http.get().uri("/api/v1/users?limit=500").header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void aGuestCannotListTheTenantsUsers() {
        Organisation org = Organisation.signUp(http);
        UUID guest = org.addUser("GUEST");

        http.get().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(guest))
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.get().uri("/api/v1/users/" + org.ownerId()).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(guest))
                .exchange().expectStatus().isForbidden();
        // but sees themself
        http.get().uri("/api/v1/users/" + guest).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(guest))
                .exchange().expectStatus().isOk();
    }

    @Test
    void usersOfAnotherOrganisationAreInvisibleAndUntouchable() {
        Organisation mine = Organisation.signUp(http);
        Organisation theirs = Organisation.signUp(http);
        UUID theirUser = theirs.addUserWithEmail("them-" + UUID.randomUUID() + "@example.com", "Their user", "MEMBER");
        String me = mine.ownerToken();

        http.get().uri("/api/v1/users/" + theirUser).header(HttpHeaders.AUTHORIZATION, "Bearer " + me)
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/users?query=Their").header(HttpHeaders.AUTHORIZATION, "Bearer " + me)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        http.put().uri("/api/v1/users/" + theirUser + "/roles").header(HttpHeaders.AUTHORIZATION, "Bearer " + me)
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"roles\":[\"GUEST\"]}")
                .exchange().expectStatus().isNotFound();
        http.post().uri("/api/v1/users/" + theirUser + "/disable").header(HttpHeaders.AUTHORIZATION, "Bearer " + me)
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isNotFound();
        http.delete().uri("/api/v1/users/" + theirUser).header(HttpHeaders.AUTHORIZATION, "Bearer " + me)
                .header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isNotFound();
        // their user is unchanged
        http.get().uri("/api/v1/users/" + theirUser).header(HttpHeaders.AUTHORIZATION, "Bearer " + theirs.ownerToken())
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody().jsonPath("$.roles").isEqualTo(List.of("MEMBER")).jsonPath("$.status").isEqualTo("ACTIVE");
        // a token claiming their tenant for one of my users is refused: the user is not in that directory
        http.get().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION,
                        "Bearer " + new TestTenant(theirs.tenantId()).tokenFor(mine.ownerId(), "OWNER"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/unknown-user");
    }
}
