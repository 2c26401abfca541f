package dev.gantry.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskAssigned;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.notification.support.NotificationScenario;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/** The in-app inbox fed through Kafka: listing, reading, counting, deduplication, isolation and the live stream. */
class InboxTest extends NotificationScenario {

    @Test
    void anAssignmentReachesTheAssigneesInboxOnceEvenWhenTheEventIsDeliveredTwice() {
        UUID lead = user("Li Lei", "zh-CN", "Asia/Shanghai");
        UUID assignee = user("Han Meimei", "zh-CN", "Asia/Shanghai");
        UUID project = project("INB", List.of(lead), List.of(assignee));
        TaskState task = task(project, "INB-1", assignee, List.of(), null, StatusCategory.TODO);
        UUID eventId = UUID.randomUUID();

        TestEvents.publish(TaskEvents.ASSIGNED, eventId, tenant.tenantId(), task.taskId(), 2,
                new TaskAssigned(task, null));
        TestEvents.publish(TaskEvents.ASSIGNED, eventId, tenant.tenantId(), task.taskId(), 2,
                new TaskAssigned(task, null));

        await().atMost(WAIT).until(() -> items(assignee).size() == 1);
        // a third, later copy is also ignored (the dispatcher found the first one applied)
        TestEvents.publish(TaskEvents.ASSIGNED, eventId, tenant.tenantId(), task.taskId(), 2,
                new TaskAssigned(task, null));
        UUID marker = UUID.randomUUID();
        TaskState other = task(project, "INB-2", assignee, List.of(), null, StatusCategory.TODO);
        TestEvents.publish(TaskEvents.ASSIGNED, marker, tenant.tenantId(), other.taskId(), 2,
                new TaskAssigned(other, null));
        await().atMost(WAIT).until(() -> items(assignee).size() == 2);

        JsonNode first = items(assignee).stream().filter(i -> i.get("title").asString().contains("INB-1"))
                .findFirst().orElseThrow();
        assertThat(first.get("title").asString()).isEqualTo("INB-1 已分配给你");
        assertThat(first.get("kind").asString()).isEqualTo("TASK_ASSIGNED");
        assertThat(first.get("link").asString()).endsWith("/projects/" + project + "/tasks/INB-1");
        assertThat(items(lead)).isEmpty();
        assertThat(count(tenant, "deliveries where event_id = '" + eventId + "' and channel = 'EMAIL'"))
                .isEqualTo(1);
    }

    @Test
    void listsUnreadFirstPagesWithACursorAndMarksRead() {
        UUID user = user("Reader", "en", "Europe/Berlin");
        UUID project = project("RDR", List.of(), List.of(user));
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            TaskState task = task(project, "RDR-" + i, user, List.of(), null, StatusCategory.TODO);
            keys.add(task.key());
            TestEvents.publish(TaskEvents.ASSIGNED, tenant.tenantId(), task.taskId(), 2, new TaskAssigned(task, null));
        }
        await().atMost(WAIT).until(() -> items(user).size() == 5);
        assertThat(unread(user)).isEqualTo(5);

        String oldest = items(user).getLast().get("id").asString();
        http.post().uri("/api/v1/notifications/" + oldest + "/read")
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "MEMBER")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.readAt").isNotEmpty();
        assertThat(unread(user)).isEqualTo(4);

        // page of 2, 2, 1: the read one comes last even though it is not the newest
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = JSON.readTree(http.get().uri("/api/v1/notifications?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor))
                    .header(HttpHeaders.AUTHORIZATION, bearer(user, "MEMBER")).exchange().expectStatus().isOk()
                    .returnResult(String.class).getResponseBody());
            page.get("items").forEach(item -> seen.add(item.get("id").asString()));
            cursor = page.get("nextCursor") == null || page.get("nextCursor").isNull() ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates().last().isEqualTo(oldest);

        http.post().uri("/api/v1/notifications/read-all").header(HttpHeaders.AUTHORIZATION, bearer(user, "MEMBER"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.marked").isEqualTo(4);
        assertThat(unread(user)).isZero();
        http.get().uri("/api/v1/notifications?cursor=not-a-cursor")
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "MEMBER")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
    }

    @Test
    void nobodyReadsOrMarksAnotherUsersNotifications() {
        UUID owner = user("Owner", "en", "UTC");
        UUID project = project("ISO", List.of(), List.of(owner));
        TaskState task = task(project, "ISO-1", owner, List.of(), null, StatusCategory.TODO);
        TestEvents.publish(TaskEvents.ASSIGNED, tenant.tenantId(), task.taskId(), 2, new TaskAssigned(task, null));
        await().atMost(WAIT).until(() -> items(owner).size() == 1);
        String id = items(owner).getFirst().get("id").asString();

        TestTenant stranger = TestTenant.create();
        UUID strangerId = owner; // the same user id in another tenant sees nothing of this tenant
        http.get().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION,
                "Bearer " + stranger.tokenFor(strangerId, "OWNER")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        http.post().uri("/api/v1/notifications/" + id + "/read").header(HttpHeaders.AUTHORIZATION,
                "Bearer " + stranger.tokenFor(strangerId, "OWNER")).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type")
                .isEqualTo("https://gantry.dev/problems/not-found");
        http.post().uri("/api/v1/notifications/" + id + "/read").header(HttpHeaders.AUTHORIZATION,
                bearer(UUID.randomUUID(), "ADMIN")).exchange().expectStatus().isNotFound();
        assertThat(unread(owner)).isEqualTo(1);
        http.get().uri("/api/v1/notifications").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theLiveStreamPushesANewNotificationToAnOpenServerSentEventsConnection() throws Exception {
        UUID user = user("Streamer", "en", "UTC");
        UUID project = project("SSE", List.of(), List.of(user));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/notifications/stream")).header("Authorization", bearer(user, "MEMBER"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException closed) {
                // the test closes the stream when done
            }
        });
        await().atMost(WAIT).until(() -> lines.contains("event:unread-count"));

        TaskState task = task(project, "SSE-1", user, List.of(), null, StatusCategory.TODO);
        TestEvents.publish(TaskEvents.ASSIGNED, tenant.tenantId(), task.taskId(), 2, new TaskAssigned(task, null));

        await().atMost(WAIT).until(() -> lines.contains("event:notification"));
        String data = lines.get(lines.indexOf("event:notification") + 1);
        assertThat(data).startsWith("data:").contains("SSE-1 was assigned to you").contains("TASK_ASSIGNED");
        response.body().close();
        reading.cancel(true);
        client.shutdownNow();
        client.awaitTermination(Duration.ofSeconds(5));
    }

    private List<JsonNode> items(UUID user) {
        JsonNode page = JSON.readTree(http.get().uri("/api/v1/notifications?limit=200")
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "MEMBER")).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody());
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    private long unread(UUID user) {
        return JSON.readTree(http.get().uri("/api/v1/notifications/unread-count")
                .header(HttpHeaders.AUTHORIZATION, bearer(user, "MEMBER")).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody()).get("unread").asLong();
    }

}
