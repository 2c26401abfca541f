package dev.gantry.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskAssigned;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.notification.support.NotificationScenario;
import dev.gantry.notification.support.TestServers;
import dev.gantry.test.TestEvents;

/**
 * Team channels through Kafka: each robot's receiver checks the platform's own signature and message format, the
 * DingTalk per-minute limit turns a burst into digests without losing a notice, and a generic webhook that keeps
 * failing ends in the FAILED state an admin can list and retry, with the same delivery id every time.
 */
class RobotDeliveryTest extends NotificationScenario {

    @Test
    void dingTalkWeComAndFeishuRobotsReceiveSignedMessagesInTheirFormats() {
        UUID assignee = user("Wang Wu", "zh-CN", "Asia/Shanghai",
                new ChatAccount(ChatPlatform.DINGTALK, "ding-staff-7"), new ChatAccount(ChatPlatform.WECOM, "wangwu"));
        UUID project = project("BOT", List.of(), List.of(assignee));
        String dingTalk = servers.receiver("dingtalk", "SECdingtalk-secret-1");
        String weCom = servers.receiver("wecom", null);
        String feishu = servers.receiver("feishu", "feishu-secret-1");
        integration(robot(project, "DINGTALK", dingTalk + "?access_token=abc", "SECdingtalk-secret-1"));
        integration(robot(project, "WECOM", weCom + "?key=wecom-key", null));
        integration(robot(project, "FEISHU", feishu, "feishu-secret-1"));

        TaskState task = task(project, "BOT-7", assignee, List.of(), null, StatusCategory.TODO);
        TestEvents.publish(TaskEvents.ASSIGNED, tenant.tenantId(), task.taskId(), 2, new TaskAssigned(task, null));

        await().atMost(WAIT).until(() -> servers.received(dingTalk).size() == 1
                && servers.received(weCom).size() == 1 && servers.received(feishu).size() == 1);
        TestServers.Received ding = servers.received(dingTalk).getFirst();
        assertThat(ding.problems()).isEmpty();
        assertThat(ding.json().path("markdown").path("text").asString()).contains("BOT-7").contains("分配给了 Wang Wu")
                .contains("@ding-staff-7");
        assertThat(ding.json().path("at").path("atUserIds").get(0).asString()).isEqualTo("ding-staff-7");
        assertThat(servers.received(weCom).getFirst().problems()).isEmpty();
        assertThat(servers.received(weCom).getFirst().json().path("markdown").path("content").asString())
                .contains("<@wangwu>");
        assertThat(servers.received(feishu).getFirst().problems()).isEmpty();
        assertThat(servers.received(feishu).getFirst().json().path("card").path("header").path("title")
                .path("content").asString()).contains("BOT-7");
        await().atMost(WAIT).until(() -> count(tenant, "deliveries where status = 'SENT' and channel in "
                + "('DINGTALK', 'WECOM', 'FEISHU')") == 3);
    }

    @Test
    void aWrongSigningSecretIsCaughtByTheReceiver() {
        UUID assignee = user("Zhao Liu", "en", "UTC");
        UUID project = project("SIG", List.of(), List.of(assignee));
        String dingTalk = servers.receiver("dingtalk", "SECthe-real-secret");
        integration(robot(project, "DINGTALK", dingTalk + "?access_token=abc", "SECa-different-secret"));

        TaskState task = task(project, "SIG-1", assignee, List.of(), null, StatusCategory.TODO);
        TestEvents.publish(TaskEvents.ASSIGNED, tenant.tenantId(), task.taskId(), 2, new TaskAssigned(task, null));

        await().atMost(WAIT).until(() -> !servers.received(dingTalk).isEmpty());
        assertThat(servers.received(dingTalk).getFirst().problems()).containsExactly("sign does not match");
        // DingTalk answers errcode 310000: the delivery is not counted as sent
        await().atMost(WAIT).until(() -> count(tenant, "deliveries where channel = 'DINGTALK' and last_error like "
                + "'%310000%'") == 1);
        assertThat(count(tenant, "deliveries where channel = 'DINGTALK' and status = 'SENT'")).isZero();
    }

    @Test
    void aBurstBeyondDingTalksTwentyPerMinuteArrivesAsDigestsWithNothingDropped() {
        UUID assignee = user("Busy Bee", "en", "UTC");
        UUID project = project("DIG", List.of(), List.of(assignee));
        String dingTalk = servers.receiver("dingtalk", "SECburst");
        integration(robot(project, "DINGTALK", dingTalk + "?access_token=burst", "SECburst"));
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 45; i++) {
            TaskState task = task(project, "DIG-" + i, assignee, List.of(), null, StatusCategory.TODO);
            keys.add(task.key());
            TestEvents.publish(TaskEvents.ASSIGNED, tenant.tenantId(), task.taskId(), 2, new TaskAssigned(task, null));
        }

        await().atMost(WAIT).until(() -> keysIn(servers.received(dingTalk)).containsAll(keys));
        List<TestServers.Received> messages = servers.received(dingTalk);
        assertThat(messages).hasSizeLessThanOrEqualTo(20).allSatisfy(m -> assertThat(m.problems()).isEmpty());
        assertThat(messages).anySatisfy(m -> assertThat(m.json().path("markdown").path("title").asString())
                .matches("\\d+ notifications"));
        assertThat(count(tenant, "deliveries where channel = 'DINGTALK' and status = 'SENT'")).isEqualTo(45);
        assertThat(prometheus()).contains("gantry_notifications_digest_size_count");
    }

    @Test
    void aFailingWebhookIsRetriedThenFailedAndAnAdminRetriesItWithTheSameDeliveryId() {
        UUID assignee = user("Hook User", "en", "UTC");
        UUID project = project("HOK", List.of(), List.of(assignee));
        String webhook = servers.receiver("webhook", "whsec-1");
        servers.failNext(webhook, Integer.MAX_VALUE);
        integration(robot(project, "WEBHOOK", webhook, "whsec-1"));

        TaskState task = task(project, "HOK-1", assignee, List.of(), null, StatusCategory.TODO);
        TestEvents.publish(TaskEvents.ASSIGNED, tenant.tenantId(), task.taskId(), 2, new TaskAssigned(task, null));

        await().atMost(WAIT).until(() -> count(tenant, "deliveries where channel = 'WEBHOOK' and status = 'FAILED'")
                == 1);
        List<TestServers.Received> attempts = servers.received(webhook);
        assertThat(attempts).hasSize(3).allSatisfy(a -> assertThat(a.problems()).isEmpty());
        Set<String> deliveryIds = attempts.stream().map(a -> a.headers().get("x-gantry-delivery"))
                .collect(Collectors.toSet());
        assertThat(deliveryIds).hasSize(1);
        String deliveryId = deliveryIds.iterator().next();
        assertThat(attempts.getFirst().json().get("kind").asString()).isEqualTo("TASK_ASSIGNED");
        assertThat(attempts.getFirst().headers().get("x-gantry-event")).isEqualTo("TASK_ASSIGNED");

        String admin = "Bearer " + tenant.token("ADMIN");
        JsonNode failed = JSON.readTree(http.get().uri("/api/v1/notifications/deliveries?status=FAILED")
                .header(HttpHeaders.AUTHORIZATION, admin).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
        assertThat(failed.get("items")).anySatisfy(item -> {
            assertThat(item.get("id").asString()).isEqualTo(deliveryId);
            assertThat(item.get("attempts").asInt()).isEqualTo(3);
            assertThat(item.get("lastError").asString()).contains("500");
        });
        http.get().uri("/api/v1/notifications/deliveries?status=FAILED")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token("MEMBER")).exchange()
                .expectStatus().isForbidden();
        http.get().uri("/api/v1/notifications/deliveries?status=LOST").header(HttpHeaders.AUTHORIZATION, admin)
                .exchange().expectStatus().isBadRequest();
        assertThat(prometheus()).containsPattern("gantry_notifications_failed_total\\{channel=\"webhook\"[^}]*} "
                + "[1-9]");

        // another organisation's admin neither sees nor retries it
        String strangerAdmin = "Bearer " + dev.gantry.test.TestTenant.create().token("ADMIN");
        http.post().uri("/api/v1/notifications/deliveries/" + deliveryId + "/retry")
                .header(HttpHeaders.AUTHORIZATION, strangerAdmin).exchange().expectStatus().isNotFound();
        http.get().uri("/api/v1/notifications/deliveries?status=FAILED").header(HttpHeaders.AUTHORIZATION,
                strangerAdmin).exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        assertThat(servers.received(webhook)).hasSize(3);

        servers.recover(webhook);
        http.post().uri("/api/v1/notifications/deliveries/" + deliveryId + "/retry")
                .header(HttpHeaders.AUTHORIZATION, admin).exchange().expectStatus().isOk();
        await().atMost(WAIT).until(() -> count(tenant, "deliveries where id = '" + deliveryId
                + "' and status = 'SENT'") == 1);
        assertThat(servers.received(webhook)).hasSize(4).last()
                .satisfies(a -> assertThat(a.headers().get("x-gantry-delivery")).isEqualTo(deliveryId));
        http.post().uri("/api/v1/notifications/deliveries/" + deliveryId + "/retry")
                .header(HttpHeaders.AUTHORIZATION, admin).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/delivery-not-failed");
        assertThat(prometheus()).containsPattern("gantry_notifications_sent_total\\{channel=\"webhook\"[^}]*} "
                + "[1-9]");
    }

    private String robot(UUID project, String platform, String path, String secret) {
        return """
                {"projectId": "%s", "platform": "%s", "name": "%s robot", "url": "%s", %s
                 "eventKinds": ["TASK_ASSIGNED"], "locale": "%s"}
                """.formatted(project, platform, platform, servers.url(path),
                secret == null ? "" : "\"secret\": \"" + secret + "\",",
                platform.equals("DINGTALK") && path.contains("burst") ? "en" : "zh-CN");
    }

    private static Set<String> keysIn(List<TestServers.Received> messages) {
        Set<String> keys = new java.util.HashSet<>();
        var pattern = java.util.regex.Pattern.compile("DIG-\\d+");
        for (TestServers.Received message : messages) {
            var matcher = pattern.matcher(message.json().path("markdown").path("text").asString());
            while (matcher.find()) {
                keys.add(matcher.group());
            }
        }
        return keys;
    }

    private String prometheus() {
        return http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseBody();
    }
}
