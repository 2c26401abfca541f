package dev.gantry.notification.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.gantry.notification.support.NotificationScenario;
import dev.gantry.test.TestTenant;

/** Managing robots and webhooks: who may, what is refused, and that URLs' credentials and secrets never come back. */
class IntegrationsApiTest extends NotificationScenario {

    @Test
    void aProjectManagerAddsARobotWhoseSecretsAreStoredEncryptedAndNeverReturned() {
        UUID manager = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID project = project("INT", List.of(manager), List.of(member));
        String body = """
                {"projectId": "%s", "platform": "DINGTALK", "name": "发布群", "secret": "SECtop-secret",
                 "url": "%s", "eventKinds": ["RELEASE_COMPLETED", "APPROVAL_REQUESTED"]}
                """.formatted(project, servers.url("/dingtalk/x?access_token=the-token"));

        String created = http.post().uri("/api/v1/integrations").header(HttpHeaders.AUTHORIZATION,
                bearer(manager, "MEMBER")).contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                .expectStatus().isCreated().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody()
                .jsonPath("$.hasSecret").isEqualTo(true)
                .jsonPath("$.url").isEqualTo(servers.url("/dingtalk/x") + "?…")
                .jsonPath("$.locale").isEqualTo("zh-CN")
                .returnResult().getResponseBody() == null ? null : "ok";
        assertThat(created).isNotNull();
        String listed = http.get().uri("/api/v1/integrations?projectId=" + project)
                .header(HttpHeaders.AUTHORIZATION, bearer(manager, "MEMBER")).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(listed).contains("发布群").doesNotContain("the-token").doesNotContain("top-secret");
        String stored = as(tenant, () -> jdbc.sql("select url_encrypted || secret_encrypted from integrations")
                .query(String.class).single());
        assertThat(stored).startsWith("v1:").doesNotContain("the-token").doesNotContain("top-secret");

        // a plain member of the project may not, a stranger's project does not exist for them
        http.post().uri("/api/v1/integrations").header(HttpHeaders.AUTHORIZATION, bearer(member, "MEMBER"))
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isForbidden();
        http.post().uri("/api/v1/integrations").header(HttpHeaders.AUTHORIZATION, bearer(UUID.randomUUID(), "MEMBER"))
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/integrations?projectId=" + project).header(HttpHeaders.AUTHORIZATION,
                "Bearer " + TestTenant.create().token("OWNER")).exchange().expectStatus().isNotFound();
        assertThat(count(tenant, "integrations")).isEqualTo(1);
    }

    @Test
    void changesNeedTheCurrentVersionAndTenantWideOnesNeedAnAdmin() {
        UUID manager = UUID.randomUUID();
        UUID project = project("VER", List.of(manager), List.of());
        String admin = "Bearer " + tenant.token("ADMIN");
        String webhook = """
                {"platform": "WEBHOOK", "name": "ops", "url": "%s", "secret": "s1", "escalation": true}
                """.formatted(servers.url("/webhook/ops"));
        http.post().uri("/api/v1/integrations").header(HttpHeaders.AUTHORIZATION, bearer(manager, "MEMBER"))
                .contentType(MediaType.APPLICATION_JSON).body(webhook).exchange().expectStatus().isForbidden();
        UUID id = integration(webhook);

        String change = """
                {"platform": "WEBHOOK", "name": "ops renamed", "escalation": true, "enabled": false}
                """;
        http.put().uri("/api/v1/integrations/" + id).header(HttpHeaders.AUTHORIZATION, admin)
                .contentType(MediaType.APPLICATION_JSON).body(change).exchange().expectStatus().isEqualTo(428);
        http.put().uri("/api/v1/integrations/" + id).header(HttpHeaders.AUTHORIZATION, admin)
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON).body(change).exchange()
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.name").isEqualTo("ops renamed").jsonPath("$.enabled").isEqualTo(false)
                .jsonPath("$.hasSecret").isEqualTo(true);
        http.delete().uri("/api/v1/integrations/" + id).header(HttpHeaders.AUTHORIZATION, admin)
                .header(HttpHeaders.IF_MATCH, "\"1\"").exchange().expectStatus().isEqualTo(412)
                .expectBody().jsonPath("$.currentVersion").isEqualTo(2);
        http.delete().uri("/api/v1/integrations/" + id).header(HttpHeaders.AUTHORIZATION, admin)
                .header(HttpHeaders.IF_MATCH, "\"2\"").exchange().expectStatus().isNoContent();
        http.get().uri("/api/v1/integrations/" + id).header(HttpHeaders.AUTHORIZATION, admin).exchange()
                .expectStatus().isNotFound();
        assertThat(project).isNotNull();
    }

    @Test
    void refusesInvalidDefinitionsWithProblemsAndChangesNothing() {
        String admin = "Bearer " + tenant.token("OWNER");
        post(admin, "{\"platform\": \"DINGTALK\", \"name\": \"\", \"url\": \"https://oapi.dingtalk.com/robot/send\"}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("name");
        post(admin, "{\"platform\": \"EMAIL\", \"name\": \"x\", \"url\": \"https://example.com\"}")
                .expectStatus().isBadRequest();
        post(admin, "{\"platform\": \"WEBHOOK\", \"name\": \"x\", \"url\": \"ftp://example.com/hook\", \"secret\": \"s\"}")
                .expectStatus().isEqualTo(422).expectBody().jsonPath("$.type")
                .isEqualTo("https://gantry.dev/problems/webhook-url-refused");
        post(admin, "{\"platform\": \"WEBHOOK\", \"name\": \"x\", \"url\": \"https://example.com/hook\"}")
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("secret");
        post(admin, "{\"platform\": \"FEISHU\", \"name\": \"x\", \"url\": \"https://open.feishu.cn/x\", "
                + "\"eventKinds\": [\"NOT_A_KIND\"]}").expectStatus().isBadRequest();
        post(admin, "{\"platform\": \"WECOM\", \"name\": \"x\", \"url\": \"https://qyapi.weixin.qq.com/x\", "
                + "\"projectId\": \"" + UUID.randomUUID() + "\", \"escalation\": true}").expectStatus().isNotFound();
        post(admin, "{\"platform\": \"WECOM\", \"name\": \"%s\", \"url\": \"https://qyapi.weixin.qq.com/x\"}"
                .formatted("n".repeat(101))).expectStatus().isBadRequest();
        assertThat(count(tenant, "integrations")).isZero();
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec post(String token, String body) {
        return http.post().uri("/api/v1/integrations").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }
}
