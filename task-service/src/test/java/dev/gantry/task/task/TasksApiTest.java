package dev.gantry.task.task;

import static dev.gantry.task.TaskFixtures.WAIT;
import static dev.gantry.task.TaskFixtures.assertProblem;
import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.gantry.events.projects.MilestoneCreated;
import dev.gantry.events.projects.MilestoneEvents;
import dev.gantry.events.projects.MilestoneState;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMemberRemoved;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseStarted;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

@GantryIntegrationTest
class TasksApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TaskFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
    }

    @Test
    void createsTasksWithProjectKeysAndRendersTheDescriptionSafely() {
        UUID project = fx.project("PAY");
        String first = fx.createTask(fx.member, project, """
                {"title": "支付回调 callback", "type": "BUG", "priority": "HIGH", "labels": ["backend", "backend"],
                 "description": "**bold** <script>alert(1)</script> [x](javascript:alert(1))",
                 "assigneeId": "%s", "estimateMinutes": 480}
                """.formatted(fx.memberId));
        String second = fx.createTask(project, "Second");

        assertThat(read(first, "$.key")).isEqualTo("PAY-1");
        assertThat(read(second, "$.key")).isEqualTo("PAY-2");
        assertThat(read(first, "$.status")).isEqualTo("TODO");
        assertThat(read(first, "$.statusCategory")).isEqualTo("TODO");
        assertThat(read(first, "$.remainingMinutes")).isEqualTo("480");
        assertThat((List<String>) JsonPath.read(first, "$.labels")).containsExactly("backend");
        assertThat((List<String>) JsonPath.read(first, "$.watcherIds")).containsExactly(fx.memberId.toString());
        String html = read(first, "$.descriptionHtml");
        assertThat(html).contains("<strong>bold</strong>").doesNotContain("<script").doesNotContain("javascript:");

        String id = read(first, "$.id");
        fx.http.get().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"")
                .expectBody().jsonPath("$.title").isEqualTo("支付回调 callback");

        String event = jdbc.sql("select payload from outbox where aggregate_id = :id and event_type = :t")
                .param("id", UUID.fromString(id)).param("t", "gantry.task.created.v1").query(String.class).single();
        assertThat(read(event, "$.data.task.key")).isEqualTo("PAY-1");
        assertThat(read(event, "$.aggregateversion")).isEqualTo("1");
    }

    @Test
    void parallelCreatesGetUniqueKeysWithoutGaps() throws Exception {
        UUID project = fx.project("PAR");
        int count = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                Callable<String> create = () -> read(fx.createTask(project, "Parallel " + n), "$.key");
                keys.add(pool.submit(create));
            }
            List<String> created = new ArrayList<>();
            for (Future<String> key : keys) {
                created.add(key.get());
            }
            assertThat(created).containsExactlyInAnyOrderElementsOf(
                    IntStream.rangeClosed(1, count).mapToObj(n -> "PAR-" + n).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChangeNeedsTheCurrentVersionAndAStaleOneChangesNothing() throws Exception {
        UUID project = fx.project("VER");
        String id = read(fx.createTask(project, "Versioned"), "$.id");

        fx.http.patch().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .contentType(MediaType.APPLICATION_JSON).body("{\"title\": \"No version\"}")
                .exchange().expectStatus().isEqualTo(428);

        // two editors read version 1 and write at the same time: exactly one wins
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String title : List.of("Editor A", "Editor B")) {
                statuses.add(pool.submit(() -> fx.http.patch().uri("/api/v1/tasks/" + id)
                        .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).header(HttpHeaders.IF_MATCH, "\"1\"")
                        .contentType(MediaType.APPLICATION_JSON).body("{\"title\": \"" + title + "\"}")
                        .exchange().returnResult(String.class).getStatus().value()));
            }
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get());
            }
            assertThat(results).containsExactlyInAnyOrder(200, 412);
        } finally {
            pool.shutdownNow();
        }

        String stale = fx.http.patch().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"title\": \"Late\"}").exchange().expectStatus().isEqualTo(412)
                .returnResult(String.class).getResponseBody();
        assertThat(read(stale, "$.currentVersion")).isEqualTo("2");
        fx.http.get().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"")
                .expectBody().jsonPath("$.title").value(t -> assertThat((String) t).startsWith("Editor"));
        assertThat(jdbc.sql("select count(*) from outbox where aggregate_id = :id and event_type = :t")
                .param("id", UUID.fromString(id)).param("t", "gantry.task.updated.v1").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aTransitionTheWorkflowDoesNotAllowIsRefusedWithTheAllowedOnes() {
        UUID project = fx.project("WFL");
        String id = read(fx.createTask(project, "Flow"), "$.id");

        String refused = patch(id, 1, "{\"status\": \"DONE\"}").expectStatus().isEqualTo(409)
                .returnResult(String.class).getResponseBody();
        assertProblem(refused, "transition-not-allowed");
        assertThat((List<String>) JsonPath.read(refused, "$.allowed")).containsExactly("IN_PROGRESS");

        patch(id, 1, "{\"status\": \"IN_PROGRESS\", \"assigneeId\": \"" + fx.memberId + "\"}")
                .expectStatus().isOk().expectBody()
                .jsonPath("$.statusCategory").isEqualTo("IN_PROGRESS")
                .jsonPath("$.version").isEqualTo(2);
        List<String> events = jdbc.sql("""
                select event_type from outbox where aggregate_id = :id and aggregate_version = 2 order by id
                """).param("id", UUID.fromString(id)).query(String.class).list();
        assertThat(events).containsExactly("gantry.task.updated.v1", "gantry.task.status-changed.v1",
                "gantry.task.assigned.v1");

        String history = fx.http.get().uri("/api/v1/tasks/" + id + "/activity")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(history, "$.items[*].field"))
                .contains("status", "assigneeId", "statusCategory");
        assertThat((List<String>) JsonPath.read(history, "$.items[?(@.field == 'status')].newValue"))
                .containsExactly("IN_PROGRESS");
    }

    @Test
    void managersConfigureTheWorkflowAndMembersCannot() {
        UUID project = fx.project("CFG");
        String workflow = """
                {"statuses": [
                   {"status": "OPEN", "name": "待处理", "category": "TODO"},
                   {"status": "SHIPPED", "name": "已上线", "category": "DONE", "wipLimit": 3, "wipPolicy": "ENFORCE"}],
                 "transitions": [{"from": "OPEN", "to": "SHIPPED"}]}
                """;
        fx.http.put().uri("/api/v1/projects/" + project + "/workflow").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON).body(workflow)
                .exchange().expectStatus().isForbidden();
        fx.http.put().uri("/api/v1/projects/" + project + "/workflow").header(HttpHeaders.AUTHORIZATION, bearer(fx.manager))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON).body(workflow)
                .exchange().expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");

        String task = fx.createTask(project, "Custom flow");
        assertThat(read(task, "$.status")).isEqualTo("OPEN");
        patch(read(task, "$.id"), 1, "{\"status\": \"SHIPPED\"}").expectStatus().isOk()
                .expectBody().jsonPath("$.statusCategory").isEqualTo("DONE");
    }

    @Test
    void viewersReadMembersEditStrangersAndOtherTenantsSeeNothing() {
        UUID project = fx.project("ACL");
        String id = read(fx.createTask(project, "Guarded"), "$.id");

        fx.http.post().uri("/api/v1/projects/" + project + "/tasks").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .contentType(MediaType.APPLICATION_JSON).body("{\"title\": \"Nope\"}")
                .exchange().expectStatus().isForbidden();
        String stranger = fx.tenant.token("MEMBER");
        fx.http.get().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(stranger)).exchange()
                .expectStatus().isNotFound();
        fx.http.get().uri("/api/v1/projects/" + project + "/tasks").header(HttpHeaders.AUTHORIZATION, bearer(stranger))
                .exchange().expectStatus().isNotFound();
        String otherTenantOwner = TestTenant.create().token("OWNER");
        fx.http.get().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(otherTenantOwner)).exchange()
                .expectStatus().isNotFound();
        fx.http.patch().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(otherTenantOwner))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"title\": \"Hijack\"}").exchange().expectStatus().isNotFound();
        String owner = fx.tenant.token("OWNER");
        fx.http.get().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(owner)).exchange()
                .expectStatus().isOk();

        TestEvents.publish(ProjectEvents.MEMBER_REMOVED, fx.tenant.tenantId(), project, 2,
                new ProjectMemberRemoved(project, fx.memberId));
        await().atMost(WAIT).untilAsserted(() -> fx.http.get().uri("/api/v1/tasks/" + id)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isNotFound());
    }

    @Test
    void invalidInputIsRefusedWithTheFieldsNamed() {
        UUID project = fx.project("BAD");
        String refused = fx.http.post().uri("/api/v1/projects/" + project + "/tasks")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"title": "Dates", "startDate": "2026-12-10", "dueDate": "2026-12-01",
                         "assigneeId": "%s", "milestoneId": "%s"}
                        """.formatted(UUID.randomUUID(), UUID.randomUUID()))
                .exchange().expectStatus().isBadRequest().returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(refused, "$.errors[*].field"))
                .containsExactlyInAnyOrder("dueDate", "assigneeId", "milestoneId");
        fx.http.post().uri("/api/v1/projects/" + project + "/tasks").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .contentType(MediaType.APPLICATION_JSON).body("{\"title\": \"" + "x".repeat(501) + "\"}")
                .exchange().expectStatus().isBadRequest();
        String id = read(fx.createTask(project, "Fine"), "$.id");
        patch(id, 1, "{\"version\": 7}").expectStatus().isBadRequest();
        patch(id, 1, "{\"dueDate\": \"9999-12-31\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("dueDate");
        patch(id, 1, "{\"type\": \"SAGA\"}").expectStatus().isBadRequest();
        patch(id, 1, "{\"title\": \"\"}").expectStatus().isBadRequest();
        assertThat(jdbc.sql("select count(*) from outbox where aggregate_id = :id")
                .param("id", UUID.fromString(id)).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aMilestoneLinkIsAcceptedOnceTheMilestoneIsKnown() {
        UUID project = fx.project("MIL");
        UUID milestone = UUID.randomUUID();
        String id = read(fx.createTask(project, "Linked"), "$.id");
        patch(id, 1, "{\"milestoneId\": \"" + milestone + "\"}").expectStatus().isBadRequest();

        TestEvents.publish(MilestoneEvents.CREATED, fx.tenant.tenantId(), milestone, 1, new MilestoneCreated(
                new MilestoneState(milestone, project, "GA 上线", java.time.LocalDate.of(2027, 1, 15), null, "OPEN")));
        await().atMost(WAIT).untilAsserted(() -> patch(id, 1, "{\"milestoneId\": \"" + milestone + "\"}")
                .expectStatus().isOk());
    }

    @Test
    void aStageLinkNeedsAStageOfAReleaseOfTheProject() {
        UUID project = fx.project("STG");
        UUID release = UUID.randomUUID();
        UUID stage = UUID.randomUUID();
        String id = read(fx.createTask(project, "Go-live checklist"), "$.id");
        String link = "{\"releaseId\": \"" + release + "\", \"stageId\": \"" + stage + "\"}";
        patch(id, 1, link).expectStatus().isBadRequest();
        patch(id, 1, "{\"stageId\": \"" + stage + "\"}").expectStatus().isBadRequest();

        TestEvents.publish(ReleaseEvents.STARTED, fx.tenant.tenantId(), release, 1, new ReleaseStarted(
                new ReleaseState(release, project, "STG", "支付 2.4", "2.4.0", UUID.randomUUID(), 1,
                        ReleaseStatus.RUNNING, java.time.LocalDate.of(2026, 12, 20), stage,
                        List.of(new ReleaseStage(stage, "灰度发布 canary", 0, ProjectRole.MANAGER, StageStatus.ACTIVE)),
                        fx.managerId, java.time.Instant.now(), null)));
        await().atMost(WAIT).untilAsserted(() -> patch(id, 1, link).expectStatus().isOk()
                .expectBody().jsonPath("$.stageId").isEqualTo(stage.toString()));
    }

    @Test
    void deletingATaskNeedsItsVersionAndEmitsDeleted() {
        UUID project = fx.project("DEL");
        String id = read(fx.createTask(project, "Short-lived"), "$.id");
        fx.http.delete().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"3\"").exchange().expectStatus().isEqualTo(412);
        fx.http.delete().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"1\"").exchange().expectStatus().isNoContent();
        fx.http.get().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectStatus().isNotFound();
        assertThat(jdbc.sql("select aggregate_version from outbox where aggregate_id = :id and event_type = :t")
                .param("id", UUID.fromString(id)).param("t", "gantry.task.deleted.v1").query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void watchersAreAddedAndRemovedOnRequest() {
        UUID project = fx.project("WAT");
        String id = read(fx.createTask(project, "Watched"), "$.id");
        fx.http.put().uri("/api/v1/tasks/" + id + "/watchers/me").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.watcherIds.length()").isEqualTo(2);
        fx.http.delete().uri("/api/v1/tasks/" + id + "/watchers/me").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.watcherIds.length()").isEqualTo(1).jsonPath("$.version").isEqualTo(3);
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec patch(String id, long version,
            String body) {
        return fx.http.patch().uri("/api/v1/tasks/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"" + version + "\"").contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange();
    }
}
