package dev.gantry.notification.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseApprovalRequested;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.notification.support.NotificationScenario;
import dev.gantry.notification.support.TestServers;
import dev.gantry.test.TestEvents;

/**
 * Commands from chat, signed as DingTalk's outgoing robot signs them (computed here from DingTalk's documentation):
 * the linked user's token comes from an RFC 8693 token exchange, and the owning service's API — here an in-process
 * stand-in of project-service that checks the bearer token and the request — decides, as for any user.
 */
class BotCommandsTest extends NotificationScenario {

    private static final String APP_SECRET = "dingtalk-app-secret";

    UUID robot;
    UUID approver;
    UUID bystander;
    UUID releaseId;
    UUID stage;

    @BeforeEach
    void aReleaseAwaitingApproval() {
        approver = user("Approver", "en", "UTC", new ChatAccount(ChatPlatform.DINGTALK, "staff-" + UUID.randomUUID()));
        bystander = user("Bystander", "zh-CN", "Asia/Shanghai",
                new ChatAccount(ChatPlatform.DINGTALK, "staff-" + UUID.randomUUID()));
        UUID project = project("CHT", List.of(bystander), List.of(approver));
        robot = integration("""
                {"projectId": "%s", "platform": "DINGTALK", "name": "chat", "url": "%s", "inboundSecret": "%s"}
                """.formatted(project, servers.url("/dingtalk/unused?access_token=x"), APP_SECRET));
        releaseId = UUID.randomUUID();
        stage = UUID.randomUUID();
        String name = "Checkout-" + releaseId.toString().substring(0, 6);
        ReleaseState release = new ReleaseState(releaseId, project, "CHT", name, "2.3", UUID.randomUUID(), 1,
                ReleaseStatus.RUNNING, LocalDate.now(), stage,
                List.of(new ReleaseStage(stage, "灰度发布", 0, ProjectRole.MANAGER, StageStatus.AWAITING_APPROVAL)),
                bystander, Instant.now(), null);
        TestEvents.publish(ReleaseEvents.APPROVAL_REQUESTED, tenant.tenantId(), releaseId, 2,
                new ReleaseApprovalRequested(release, stage, bystander, List.of(approver)));
        await().atMost(WAIT).until(() -> count(tenant, "releases where release_id = '" + releaseId + "'") == 1);
        servers.allowApprovers(stage, Set.of(approver));
    }

    @Test
    void anApproverApprovesAStageFromDingTalkWithTheirOwnToken() {
        String release = releaseName();
        JsonNode reply = dingTalk(staffOf(approver), "@Gantry approve \"" + release + "\" 灰度发布");

        assertThat(reply.get("msgtype").asString()).isEqualTo("markdown");
        assertThat(reply.path("markdown").path("text").asString())
                .isEqualTo("Approved stage \"灰度发布\" of release " + release + " 2.3.");
        TestServers.Received call = servers.serviceCalls().stream()
                .filter(c -> c.path().equals("/project-service/api/v1/releases/" + releaseId + "/stages/" + stage
                        + "/approvals")).reduce((a, b) -> b).orElseThrow();
        assertThat(call.problems()).isEmpty();
        assertThat(call.json().get("decision").asString()).isEqualTo("APPROVE");
        assertThat(call.json().get("comment").asString()).isEqualTo("Approved from DingTalk");
        assertThat(servers.serviceCalls()).anySatisfy(exchange -> {
            assertThat(exchange.path()).isEqualTo("/oauth2/token");
            assertThat(exchange.body()).contains("subject_token=" + approver);
            assertThat(exchange.problems()).isEmpty();
        });
    }

    @Test
    void aReplayedCallbackIsNotRunTwice() {
        String body = JSON.writeValueAsString(java.util.Map.of("msgtype", "text", "senderStaffId", staffOf(approver),
                "text", java.util.Map.of("content", "approve \"" + releaseName() + "\" 灰度发布")));
        long now = System.currentTimeMillis();
        String sign = sign(now, APP_SECRET);
        post(robot, body, Long.toString(now), sign).expectStatus().isOk();
        long approvals = approvalCalls();
        post(robot, body, Long.toString(now), sign).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .isEqualTo("https://gantry.dev/problems/bot-callback-replayed");
        assertThat(approvalCalls()).isEqualTo(approvals);
    }

    private long approvalCalls() {
        return servers.serviceCalls().stream().filter(c -> c.path().endsWith("/stages/" + stage + "/approvals"))
                .count();
    }

    @Test
    void someoneWhoIsNotAnApproverIsRefusedByTheOwningService() {
        JsonNode reply = dingTalk(staffOf(bystander), "审批 \"" + releaseName() + "\" 灰度发布");
        assertThat(reply.path("markdown").path("text").asString())
                .isEqualTo("Gantry 拒绝了操作：You are not an approver of this stage.");
    }

    @Test
    void answersMyTasksUnknownNamesAndUnlinkedAccountsInTheChat() {
        assertThat(dingTalk(staffOf(approver), "my tasks").path("markdown").path("text").asString())
                .contains("**PAY-12**").contains("Checkout for " + approver.toString().substring(0, 8));
        assertThat(dingTalk(staffOf(approver), "approve nothing-like-this 灰度发布").path("markdown").path("text")
                .asString()).isEqualTo("No running release \"nothing-like-this\".");
        assertThat(dingTalk(staffOf(approver), "approve \"" + releaseName() + "\" 全面上线").path("markdown")
                .path("text").asString()).contains("has no stage \"全面上线\"");
        assertThat(dingTalk(staffOf(approver), "what can you do").path("markdown").path("text").asString())
                .startsWith("Commands:");
        assertThat(dingTalk("staff-nobody", "my tasks").path("markdown").path("text").asString())
                .contains("not linked to a Gantry user");
    }

    @Test
    void aBadOrStaleSignatureOrAnUnknownRobotGets401AndNothingHappens() {
        int callsBefore = servers.serviceCalls().size();
        String body = "{\"msgtype\":\"text\",\"senderStaffId\":\"" + staffOf(approver)
                + "\",\"text\":{\"content\":\"approve \\\"" + releaseName() + "\\\" 灰度发布\"}}";
        long now = System.currentTimeMillis();
        post(robot, body, Long.toString(now), sign(now, "wrong-secret")).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/bot-signature-invalid");
        long old = now - 2 * 3_600_000;
        post(robot, body, Long.toString(old), sign(old, APP_SECRET)).expectStatus().isUnauthorized();
        post(robot, body, null, null).expectStatus().isUnauthorized();
        post(UUID.randomUUID(), body, Long.toString(now), sign(now, APP_SECRET)).expectStatus().isUnauthorized();
        assertThat(servers.serviceCalls()).hasSize(callsBefore);
    }

    @Test
    void theGenericCallbackIsVerifiedWithGantrysOwnSignature() {
        UUID hook = integration("""
                {"platform": "WEBHOOK", "name": "chat bridge", "url": "%s", "secret": "bridge-secret"}
                """.formatted(servers.url("/webhook/unused")));
        String body = "{\"userId\":\"" + approver + "\",\"text\":\"my tasks\"}";
        long seconds = System.currentTimeMillis() / 1000;
        String signature = "sha256=" + HexFormat.of().formatHex(hmac("bridge-secret".getBytes(StandardCharsets.UTF_8),
                seconds + "." + body));
        http.post().uri("/api/v1/bots/generic/" + hook).contentType(MediaType.APPLICATION_JSON)
                .header("X-Gantry-Timestamp", Long.toString(seconds)).header("X-Gantry-Signature", signature)
                .body(body).exchange().expectStatus().isOk().expectBody().jsonPath("$.text")
                .value(text -> assertThat(text.toString()).contains("PAY-12"));
        http.post().uri("/api/v1/bots/generic/" + hook).contentType(MediaType.APPLICATION_JSON)
                .header("X-Gantry-Timestamp", Long.toString(seconds)).header("X-Gantry-Signature", signature)
                .body(body.replace("my tasks", "approve x y")).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void feishuEventsAreDecryptedVerifiedAndAnsweredThroughTheGroupsBot() throws Exception {
        String openId = "ou_" + UUID.randomUUID().toString().replace("-", "");
        UUID member = user("Feishu User", "zh-CN", "Asia/Shanghai", new ChatAccount(ChatPlatform.FEISHU, openId));
        String groupBot = servers.receiver("feishu", "feishu-sign-secret");
        UUID feishu = integration("""
                {"platform": "FEISHU", "name": "飞书群", "url": "%s", "secret": "feishu-sign-secret",
                 "inboundSecret": "encrypt-key-1"}
                """.formatted(servers.url(groupBot)));

        String challenge = encryptedBody("{\"challenge\":\"c-123\",\"token\":\"t\",\"type\":\"url_verification\"}",
                "encrypt-key-1");
        http.post().uri("/api/v1/bots/feishu/" + feishu).contentType(MediaType.APPLICATION_JSON).body(challenge)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.challenge").isEqualTo("c-123");

        String event = JSON.writeValueAsString(java.util.Map.of("schema", "2.0",
                "header", java.util.Map.of("event_id", UUID.randomUUID().toString(), "event_type",
                        "im.message.receive_v1", "token", "t"),
                "event", java.util.Map.of("sender", java.util.Map.of("sender_id", java.util.Map.of("open_id", openId),
                        "sender_type", "user"), "message", java.util.Map.of("message_id", "om_1", "chat_type", "group",
                        "message_type", "text", "content", "{\"text\":\"@_user_1 我的任务\"}"))));
        String body = encryptedBody(event, "encrypt-key-1");
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        // 飞书文档: signature = sha256(timestamp + nonce + encrypt_key + body), hex
        String signature = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest((timestamp + nonce + "encrypt-key-1" + body).getBytes(StandardCharsets.UTF_8)));
        http.post().uri("/api/v1/bots/feishu/" + feishu).contentType(MediaType.APPLICATION_JSON)
                .header("X-Lark-Request-Timestamp", timestamp).header("X-Lark-Request-Nonce", nonce)
                .header("X-Lark-Signature", "0" + signature.substring(1)).body(body).exchange()
                .expectStatus().isUnauthorized();
        http.post().uri("/api/v1/bots/feishu/" + feishu).contentType(MediaType.APPLICATION_JSON)
                .header("X-Lark-Request-Timestamp", timestamp).header("X-Lark-Request-Nonce", nonce)
                .header("X-Lark-Signature", signature).body(body).exchange().expectStatus().isOk();

        TestServers.Received answer = await().atMost(WAIT).until(() -> servers.received(groupBot),
                received -> !received.isEmpty()).getFirst();
        assertThat(answer.problems()).isEmpty();
        assertThat(answer.body()).contains("PAY-12").contains("Checkout for " + member.toString().substring(0, 8));
        http.post().uri("/api/v1/bots/feishu/" + feishu).contentType(MediaType.APPLICATION_JSON)
                .body(encryptedBody(event, "another-key")).exchange().expectStatus().isUnauthorized();
    }

    /** Feishu's encryption: base64(iv || AES-256-CBC(key = SHA-256(encrypt key), PKCS#7 padding)). */
    private static String encryptedBody(String json, String encryptKey) throws Exception {
        byte[] iv = new byte[16];
        new java.security.SecureRandom().nextBytes(iv);
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(java.security.MessageDigest
                .getInstance("SHA-256").digest(encryptKey.getBytes(StandardCharsets.UTF_8)), "AES"),
                new javax.crypto.spec.IvParameterSpec(iv));
        byte[] sealed = cipher.doFinal(json.getBytes(StandardCharsets.UTF_8));
        byte[] all = new byte[16 + sealed.length];
        System.arraycopy(iv, 0, all, 0, 16);
        System.arraycopy(sealed, 0, all, 16, sealed.length);
        return JSON.writeValueAsString(java.util.Map.of("encrypt", Base64.getEncoder().encodeToString(all)));
    }

    private String releaseName() {
        return as(tenant, () -> jdbc.sql("select name from releases where release_id = :id").param("id", releaseId)
                .query(String.class).single());
    }

    private String staffOf(UUID user) {
        return as(tenant, () -> jdbc.sql("select account_id from recipient_chat_accounts where user_id = :id")
                .param("id", user).query(String.class).single());
    }

    private JsonNode dingTalk(String staffId, String content) {
        String body = JSON.writeValueAsString(java.util.Map.of("msgtype", "text", "senderStaffId", staffId,
                "conversationType", "2", "text", java.util.Map.of("content", content)));
        long now = System.currentTimeMillis();
        return JSON.readTree(post(robot, body, Long.toString(now), sign(now, APP_SECRET)).expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec post(UUID integration,
            String body, String timestamp, String sign) {
        var request = http.post().uri("/api/v1/bots/dingtalk/" + integration).contentType(MediaType.APPLICATION_JSON);
        if (timestamp != null) {
            request = request.header("timestamp", timestamp).header("sign", sign);
        }
        return request.body(body).exchange();
    }

    /** DingTalk's outgoing robot: Base64(HmacSHA256(appSecret, timestamp + "\n" + appSecret)). */
    private static String sign(long timestamp, String secret) {
        return Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8),
                timestamp + "\n" + secret));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
