package dev.gantry.user.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class ApiClientsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    ApiClients clients;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void anAdminCreatesAClientWhoseSecretIsShownOnce() {
        Organisation org = Organisation.signUp(http);
        String admin = org.tokenFor(org.addUser("ADMIN"));
        DocumentContext created = create(admin, "{\"name\":\"钉钉机器人 DingTalk bot\",\"scopes\":[\"read\"]}");
        String clientId = created.read("$.clientId");
        String secret = created.read("$.clientSecret");
        assertThat(clientId).startsWith("gnt_cli_");
        assertThat(secret).startsWith("gnt_cs_").hasSize(7 + 43);

        String id = created.read("$.id");
        String read = http.get().uri("/api/v1/clients/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(read).contains(clientId).doesNotContain(secret.substring(7)).doesNotContain("secret");

        assertThat(clients.authenticate(clientId, secret)).hasValueSatisfying(client -> {
            assertThat(client.tenantId()).isEqualTo(org.tenantId());
            assertThat(client.scopes()).containsExactly("read");
        });
        assertThat(clients.authenticate(clientId, secret + "x")).isEmpty();
        assertThat(clients.authenticate("gnt_cli_unknown", secret)).isEmpty();
    }

    @Test
    void onlyAdminsManageClients() {
        Organisation org = Organisation.signUp(http);
        String member = org.tokenFor(org.addUser("MEMBER"));
        http.post().uri("/api/v1/clients").header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"Bot\",\"scopes\":[\"read\"]}")
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/clients").header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/clients").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON).body("{\"name\":\"Bot\",\"scopes\":[\"everything\"]}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("scopes[0]");
    }

    @Test
    void aRevokedClientNoLongerAuthenticatesAndTheRevocationIsAudited() {
        Organisation org = Organisation.signUp(http);
        DocumentContext created = create(org.ownerToken(), "{\"name\":\"Feishu\",\"scopes\":[\"read\",\"write\"]}");
        String id = created.read("$.id");
        http.delete().uri("/api/v1/clients/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isNoContent();

        assertThat(clients.authenticate(created.read("$.clientId"), created.read("$.clientSecret"))).isEmpty();
        String audit = http.get().uri("/api/v1/audit-events?subjectId=" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].type"))
                .containsExactly("client.revoked", "client.created");
    }

    @Test
    void anotherOrganisationsClientsAreInvisibleAndUntouchable() {
        Organisation mine = Organisation.signUp(http);
        Organisation theirs = Organisation.signUp(http);
        DocumentContext their = create(theirs.ownerToken(), "{\"name\":\"Theirs\",\"scopes\":[\"read\"]}");
        String id = their.read("$.id");

        http.get().uri("/api/v1/clients/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + mine.ownerToken())
                .exchange().expectStatus().isNotFound();
        http.delete().uri("/api/v1/clients/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + mine.ownerToken())
                .exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/clients").header(HttpHeaders.AUTHORIZATION, "Bearer " + mine.ownerToken())
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        assertThat(clients.authenticate(their.read("$.clientId"), their.read("$.clientSecret"))).isPresent();
    }

    private DocumentContext create(String token, String body) {
        return JsonPath.parse(new String(http.post().uri("/api/v1/clients")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange().expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8));
    }
}
