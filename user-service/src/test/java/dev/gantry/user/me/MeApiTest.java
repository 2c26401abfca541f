package dev.gantry.user.me;

import java.util.List;
import java.util.UUID;

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
class MeApiTest {

    @LocalServerPort
    int port;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aUserEditsTheirProfile() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();

        patchMe(token, null, "{\"displayName\":\"New\"}").expectStatus().isEqualTo(428);
        patchMe(token, "\"1\"", "{\"displayName\":\" 韩梅梅 \",\"locale\":\"zh-CN\",\"timeZone\":\"Asia/Shanghai\"}")
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody()
                .jsonPath("$.displayName").isEqualTo("韩梅梅")
                .jsonPath("$.locale").isEqualTo("zh-CN")
                .jsonPath("$.timeZone").isEqualTo("Asia/Shanghai");
        patchMe(token, "\"1\"", "{\"displayName\":\"Lost update\"}").expectStatus().isEqualTo(412);
        // nothing to change: same version
        patchMe(token, "\"2\"", "{\"locale\":\"zh-CN\"}").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
    }

    @Test
    void refusesAnUnknownLocaleOrZoneAndChangesNothing() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();

        patchMe(token, "\"1\"", "{\"displayName\":\"Changed\",\"locale\":\"de\",\"timeZone\":\"Asia/Nowhere\"}")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'locale')]").exists()
                .jsonPath("$.errors[?(@.field == 'timeZone')]").exists();
        patchMe(token, "\"1\"", "{\"timeZone\":\"GMT+8\"}").expectStatus().isBadRequest();
        patchMe(token, "\"1\"", "{\"displayName\":\"   \"}").expectStatus().isBadRequest();
        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody().jsonPath("$.displayName").isEqualTo("Owner");
    }

    @Test
    void aTokenOfSomeoneOutsideTheDirectoryGetsNoProfile() {
        http.get().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION,
                        "Bearer " + TestTenant.create().tokenFor(UUID.randomUUID(), "OWNER"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/unknown-user");
    }

    @Test
    void aUserLinksAndUnlinksTheirChatAccounts() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();

        link(token, "DINGTALK", "\"1\"", "ding-001").expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        link(token, "FEISHU", "\"2\"", "ou_7d8a6e6df7621556ce0d21922b676706ccs").expectStatus().isOk()
                .expectBody()
                .jsonPath("$.chatAccounts[*].platform").isEqualTo(List.of("DINGTALK", "FEISHU"))
                .jsonPath("$.chatAccounts[0].accountId").isEqualTo("ding-001");
        link(token, "DINGTALK", "\"3\"", "ding-002").expectStatus().isOk()
                .expectBody().jsonPath("$.chatAccounts[0].accountId").isEqualTo("ding-002");

        http.delete().uri("/api/v1/me/chat-accounts/FEISHU").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.IF_MATCH, "\"4\"")
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"5\"")
                .expectBody().jsonPath("$.chatAccounts[*].platform").isEqualTo(List.of("DINGTALK"));
        link(token, "WECOM", "\"5\"", "has space").expectStatus().isBadRequest();
        link(token, "SLACK", "\"5\"", "x").expectStatus().isBadRequest();
    }

    @Test
    void aChatAccountBelongsToOneUserOfTheOrganisation() {
        Organisation org = Organisation.signUp(http);
        UUID other = org.addUser("MEMBER");
        link(org.ownerToken(), "WECOM", "\"1\"", "zhangsan").expectStatus().isOk();

        link(org.tokenFor(other), "WECOM", "\"1\"", "zhangsan").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/chat-account-taken");
        // another organisation's user may have the same id (chat platforms scope ids per corporation)
        Organisation elsewhere = Organisation.signUp(http);
        link(elsewhere.ownerToken(), "WECOM", "\"1\"", "zhangsan").expectStatus().isOk();
    }

    @Test
    void anAdminImportsChatAccountsAllOrNothing() {
        Organisation org = Organisation.signUp(http);
        UUID alice = org.addUserWithEmail("alice@example.com", "Alice", "MEMBER");
        org.addUserWithEmail("bob@example.com", "Bob", "MEMBER");
        String admin = org.tokenFor(org.addUser("ADMIN"));

        importLinks(org.tokenFor(alice), "[{\"email\":\"alice@example.com\",\"platform\":\"DINGTALK\",\"accountId\":\"a\"}]")
                .expectStatus().isForbidden();
        importLinks(admin, """
                [{"email":"alice@example.com","platform":"DINGTALK","accountId":"alice-ding"},
                 {"email":"nobody@example.com","platform":"DINGTALK","accountId":"x"},
                 {"email":"bob@example.com","platform":"DINGTALK","accountId":"alice-ding"}]""")
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'links[1].email')]").exists()
                .jsonPath("$.errors[?(@.field == 'links[2].accountId')]").exists();
        http.get().uri("/api/v1/users/" + alice).header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody().jsonPath("$.chatAccounts.length()").isEqualTo(0);

        importLinks(admin, """
                [{"email":"Alice@example.com","platform":"DINGTALK","accountId":"alice-ding"},
                 {"email":"alice@example.com","platform":"FEISHU","accountId":"ou_alice"},
                 {"email":"bob@example.com","platform":"WECOM","accountId":"bob"}]""")
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.linked").isEqualTo(3)
                .jsonPath("$.usersUpdated").isEqualTo(2);
        http.get().uri("/api/v1/users/" + alice).header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.chatAccounts[*].accountId").isEqualTo(List.of("alice-ding", "ou_alice"));
        importLinks(admin, "[{\"email\":\"bob@example.com\",\"platform\":\"WECOM\",\"accountId\":\"bob\"}]")
                .expectStatus().isOk()
                .expectBody().jsonPath("$.unchanged").isEqualTo(1).jsonPath("$.usersUpdated").isEqualTo(0);
    }

    private RestTestClient.ResponseSpec importLinks(String token, String links) {
        return http.post().uri("/api/v1/users/chat-accounts/import").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body("{\"links\":" + links + "}").exchange();
    }

    private RestTestClient.ResponseSpec link(String token, String platform, String ifMatch, String accountId) {
        return http.put().uri("/api/v1/me/chat-accounts/" + platform).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.IF_MATCH, ifMatch).contentType(MediaType.APPLICATION_JSON)
                .body("{\"accountId\":\"" + accountId + "\"}").exchange();
    }

    private RestTestClient.ResponseSpec patchMe(String token, String ifMatch, String body) {
        var request = http.patch().uri("/api/v1/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body(body);
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.exchange();
    }
}
