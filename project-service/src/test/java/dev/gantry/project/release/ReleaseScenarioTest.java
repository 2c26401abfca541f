package dev.gantry.project.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.events.EventsProperties;
import dev.gantry.common.pdf.PdfText;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.Topics;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskUpdated;
import dev.gantry.project.Api;
import dev.gantry.project.ReleaseFixture;
import dev.gantry.project.metrics.ReleaseMetrics;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;

/**
 * A go-live run through the four stages of the standard release (开发 Dev → UAT 测试 → 灰度发布 Gray release → 全面上线
 * Full launch): gates that block until linked tasks are done and checklists complete, a rejection and re-approval,
 * dual sign-off by QA and OPS (the last one decided by both at the same moment), then the timeline, the events on
 * Kafka, the retrospective in JSON, PDF and Markdown, and the metrics.
 */
@GantryIntegrationTest
class ReleaseScenarioTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsProperties events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReleaseMetrics metrics;

    @Autowired
    TransactionTemplate transactions;

    Api api;
    ReleaseFixture f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new ReleaseFixture(api, "GO" + (System.nanoTime() % 10000));
    }

    @Test
    void walksAReleaseThroughAllFourStandardStages() throws Exception {
        Api.Answer started = f.startStandardRelease("2.4.0");
        String releaseId = started.read("$.id");
        assertThat((List<String>) started.read("$.stages[*].name"))
                .containsExactly("开发 Dev", "UAT 测试", "灰度发布 Gray release", "全面上线 Full launch");
        assertThat((String) started.read("$.stages[0].status")).isEqualTo("ACTIVE");
        assertThat(started.etag()).isEqualTo("\"1\"");
        String devStage = started.read("$.stages[0].id");
        String uatStage = started.read("$.stages[1].id");
        String grayStage = started.read("$.stages[2].id");
        String fullStage = started.read("$.stages[3].id");

        // --- 开发 Dev: a linked task still open and an empty checklist block the sign-off, each named
        UUID taskId = UUID.randomUUID();
        TestEvents.publish(TaskEvents.CREATED, f.tenant.tenantId(), taskId, 1, new TaskCreated(ReleaseFixture.task(
                taskId, f.projectId, f.projectKey + "-7", UUID.fromString(releaseId), UUID.fromString(devStage),
                StatusCategory.IN_PROGRESS)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Api.Answer blocked = requestSignOff(releaseId, devStage, f.dev);
            assertThat(blocked.status()).isEqualTo(409);
            assertThat((String) blocked.read("$.type")).endsWith("/stage-preconditions-unmet");
            assertThat((List<String>) blocked.read("$.unmet[*].condition"))
                    .containsExactly("LINKED_TASKS_DONE", "MANDATORY_CHECKLIST_COMPLETE");
            assertThat((String) blocked.read("$.unmet[0].detail")).contains(f.projectKey + "-7");
        });
        f.completeChecklist(releaseId, 0, f.dev);
        Api.Answer stillBlocked = requestSignOff(releaseId, devStage, f.dev);
        assertThat((List<String>) stillBlocked.read("$.unmet[*].condition")).containsExactly("LINKED_TASKS_DONE");

        // the task is done (version 3); a stale version 2 arriving later must not reopen it
        TestEvents.publish(TaskEvents.UPDATED, f.tenant.tenantId(), taskId, 3, new TaskUpdated(ReleaseFixture.task(
                taskId, f.projectId, f.projectKey + "-7", UUID.fromString(releaseId), UUID.fromString(devStage),
                StatusCategory.DONE), List.of("status")));
        UUID stale = TestEvents.publish(TaskEvents.UPDATED, f.tenant.tenantId(), taskId, 2, new TaskUpdated(
                ReleaseFixture.task(taskId, f.projectId, f.projectKey + "-7", UUID.fromString(releaseId),
                        UUID.fromString(devStage), StatusCategory.IN_PROGRESS), List.of("status")));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from processed_events where event_id = :id").param("id", stale)
                .query(Long.class).single() == 1);
        assertThat(requestSignOff(releaseId, devStage, f.dev).status()).isEqualTo(200);

        // only the designated approvers decide: dev asked, so the MANAGER decides; QA is not an approver here
        assertThat(decide(releaseId, devStage, f.qa, "APPROVE", null).read("$.type").toString())
                .endsWith("/not-an-approver");
        Api.Answer devApproved = decide(releaseId, devStage, f.manager, "APPROVE", "代码已评审 reviewed");
        assertThat(devApproved.status()).as(devApproved.toString()).isEqualTo(200);
        assertThat((String) devApproved.read("$.stages[0].status")).isEqualTo("APPROVED");
        advance(releaseId);

        // --- UAT 测试: QA rejects, the stage goes back to work, then QA approves the second round
        f.completeChecklist(releaseId, 1, f.dev);
        assertThat(requestSignOff(releaseId, uatStage, f.dev).status()).isEqualTo(200);
        Api.Answer rejected = decide(releaseId, uatStage, f.qa, "REJECT", "回归测试失败 regression failed on refunds");
        assertThat((String) rejected.read("$.stages[1].status")).isEqualTo("ACTIVE");
        assertThat(requestSignOff(releaseId, uatStage, f.dev).status()).isEqualTo(200);
        Api.Answer reapproved = decide(releaseId, uatStage, f.qa, "APPROVE", "fixed");
        assertThat((String) reapproved.read("$.stages[1].status")).isEqualTo("APPROVED");
        assertThat((Integer) reapproved.read("$.stages[1].signOff.round")).isEqualTo(2);
        advance(releaseId);

        // --- 灰度发布 Gray release: OPS signs off monitoring; QA asked, so QA may not approve, a second QA does
        Api.Answer notSignatory = firstItemPatch(releaseId, 2, 1, f.dev);
        assertThat(notSignatory.status()).isEqualTo(403);
        assertThat((String) notSignatory.read("$.type")).endsWith("/not-the-signatory");
        f.completeChecklist(releaseId, 2, f.dev);
        assertThat(requestSignOff(releaseId, grayStage, f.qa).status()).isEqualTo(200);
        Api.Answer self = decide(releaseId, grayStage, f.qa, "APPROVE", null);
        assertThat(self.status()).isEqualTo(403);
        assertThat((String) self.read("$.type")).endsWith("/self-approval-forbidden");
        Api.Answer half = decide(releaseId, grayStage, f.qa2, "APPROVE", "QA ok");
        assertThat((String) half.read("$.stages[2].status")).isEqualTo("AWAITING_APPROVAL");
        Api.Answer dual = decide(releaseId, grayStage, f.ops, "APPROVE", "OPS ok, 5% canary healthy");
        assertThat((String) dual.read("$.stages[2].status")).isEqualTo("APPROVED");
        advance(releaseId);

        // --- 全面上线 Full launch: QA and OPS decide at the same moment; both count, the stage is approved once
        f.completeChecklist(releaseId, 3, f.dev);
        assertThat(requestSignOff(releaseId, fullStage, f.dev).status()).isEqualTo(200);
        List<Api.Answer> both = inParallel(
                () -> decide(releaseId, fullStage, f.qa, "APPROVE", "QA go"),
                () -> decide(releaseId, fullStage, f.ops, "APPROVE", "OPS go"));
        assertThat(both).extracting(Api.Answer::status).containsExactly(200, 200);
        Api.Answer completed = f.release(releaseId);
        assertThat((String) completed.read("$.status")).isEqualTo("COMPLETED");
        assertThat((String) completed.read("$.stages[3].status")).isEqualTo("APPROVED");
        assertThat((List<Object>) completed.read("$.stages[3].signOff.decisions")).hasSize(2);

        // --- the timeline tells who did what, in order
        Api.Answer timeline = api.get("/api/v1/releases/" + releaseId + "/timeline?limit=200", f.dev);
        List<String> actions = timeline.read("$.items[*].action");
        assertThat(actions.stream().filter(a -> !a.startsWith("CHECKLIST")).toList()).containsExactly(
                "STARTED", "STAGE_ENTERED", "APPROVAL_REQUESTED", "APPROVED", "STAGE_APPROVED",
                "STAGE_ENTERED", "APPROVAL_REQUESTED", "REJECTED", "APPROVAL_REQUESTED", "APPROVED", "STAGE_APPROVED",
                "STAGE_ENTERED", "APPROVAL_REQUESTED", "APPROVED", "APPROVED", "STAGE_APPROVED",
                "STAGE_ENTERED", "APPROVAL_REQUESTED", "APPROVED", "APPROVED", "STAGE_APPROVED", "COMPLETED");
        assertThat((List<String>) timeline.read("$.items[?(@.action == 'REJECTED')].actorId"))
                .containsExactly(f.qaId.toString());
        assertThat(actions.stream().filter(a -> a.equals("CHECKLIST_ITEM_COMPLETED")).count()).isEqualTo(8);

        // --- the events, read back from Kafka in order, one revision each
        List<DocumentContext> releaseEvents = eventsOf(releaseId, "gantry.release.completed.v1");
        assertThat(releaseEvents.stream().map(e -> (String) e.read("$.type")).toList()).containsExactly(
                "gantry.release.started.v1",
                "gantry.release.approval-requested.v1", "gantry.release.stage-approved.v1",
                "gantry.release.stage-entered.v1",
                "gantry.release.approval-requested.v1", "gantry.release.stage-rejected.v1",
                "gantry.release.approval-requested.v1", "gantry.release.stage-approved.v1",
                "gantry.release.stage-entered.v1",
                "gantry.release.approval-requested.v1", "gantry.release.stage-approved.v1",
                "gantry.release.stage-approved.v1",
                "gantry.release.stage-entered.v1",
                "gantry.release.approval-requested.v1", "gantry.release.stage-approved.v1",
                "gantry.release.stage-approved.v1", "gantry.release.completed.v1");
        List<Integer> versions = releaseEvents.stream().map(e -> (Integer) e.read("$.aggregateversion")).toList();
        for (int i = 1; i < versions.size(); i++) {
            assertThat(versions.get(i)).as("versions %s", versions).isGreaterThan(versions.get(i - 1));
        }
        assertThat(versions.getLast().longValue()).isEqualTo(Long.parseLong(completed.etag().replace("\"", "")));
        DocumentContext rejection = releaseEvents.get(5);
        assertThat((String) rejection.read("$.data.comment")).contains("regression failed");
        assertThat((String) rejection.read("$.data.approverId")).isEqualTo(f.qaId.toString());
        assertThat((List<Boolean>) releaseEvents.stream().filter(e -> e.read("$.type")
                .equals("gantry.release.stage-approved.v1")).map(e -> (Boolean) e.read("$.data.stageApproved"))
                .toList()).containsExactly(true, true, false, true, false, true);
        DocumentContext grayRequest = releaseEvents.get(9);
        assertThat((List<String>) grayRequest.read("$.data.approverIds"))
                .containsExactlyInAnyOrder(f.qa2Id.toString(), f.opsId.toString());
        assertThat((String) releaseEvents.getLast().read("$.data.release.status")).isEqualTo("COMPLETED");
        assertThat((String) releaseEvents.getLast().read("$.data.release.projectKey")).isEqualTo(f.projectKey);

        // --- the retrospective: JSON, PDF with Chinese text, Markdown
        Api.Answer report = api.get("/api/v1/releases/" + releaseId + "/retrospective", f.viewer);
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        assertThat((List<String>) report.read("$.stages[*].status")).containsOnly("APPROVED");
        assertThat((List<Integer>) report.read("$.stages[*].approvalRounds")).containsExactly(1, 2, 1, 1);
        assertThat((List<String>) report.read("$.rejections[*].reason"))
                .containsExactly("回归测试失败 regression failed on refunds");
        assertThat((List<Boolean>) report.read("$.checklist[*].done")).hasSize(8).containsOnly(true);
        assertThat((Integer) report.read("$.approvals")).isEqualTo(7);
        Api.Answer pdf = api.get("/api/v1/releases/" + releaseId + "/retrospective.pdf", f.viewer);
        assertThat(pdf.headers().getContentType().toString()).isEqualTo("application/pdf");
        // table cells wrap, so compare without line breaks
        assertThat(PdfText.extract(pdf.raw()).replaceAll("\\s+", "")).contains("上线回顾报告", "灰度发布Grayrelease",
                "回归测试失败regressionfailedonrefunds", f.projectKey);
        Api.Answer markdown = api.get("/api/v1/releases/" + releaseId + "/retrospective.md", f.viewer);
        assertThat(markdown.text()).startsWith("# 上线回顾报告 Retrospective: " + f.projectKey)
                .contains("| 全面上线 Full launch | APPROVED |").contains("回归测试失败 regression failed on refunds");

        // --- metrics counted from the database
        metrics.refresh();
        String prometheus = api.get("/actuator/prometheus", null).text();
        assertThat(prometheus).containsPattern("gantry_releases\\{[^}]*state=\"COMPLETED\"[^}]*} [1-9]")
                .contains("gantry_approvals_waiting").contains("gantry_approvals_waiting_age_seconds")
                .containsPattern("gantry_release_rejections_total\\{[^}]*} [1-9]");
    }

    @Test
    void anApprovalAndARejectionAtTheSameMomentLeaveTheStageConsistent() throws Exception {
        // hotfix: the fix stage is signed off by a MANAGER, who may approve his own request; deploy needs QA and OPS
        Api.Answer started = api.post("/api/v1/projects/" + f.projectId + "/releases", f.manager,
                "{\"name\":\"Hotfix\",\"version\":\"2.4.1\",\"templateId\":\"" + f.builtInTemplate("hotfix")
                        + "\"}");
        String releaseId = started.read("$.id");
        String fixStage = started.read("$.stages[0].id");
        String deployStage = started.read("$.stages[1].id");
        f.completeChecklist(releaseId, 0, f.dev);
        assertThat(requestSignOff(releaseId, fixStage, f.manager).status()).isEqualTo(200);
        assertThat(decide(releaseId, fixStage, f.manager, "APPROVE", "self-approved hotfix").status()).isEqualTo(200);
        advance(releaseId);
        f.completeChecklist(releaseId, 1, f.dev);
        assertThat(requestSignOff(releaseId, deployStage, f.dev).status()).isEqualTo(200);

        List<Api.Answer> answers = inParallel(
                () -> decide(releaseId, deployStage, f.qa, "APPROVE", "QA go"),
                () -> decide(releaseId, deployStage, f.ops, "REJECT", "OPS: database migration not rehearsed"));

        // either order is fine; what never happens is an approved stage or a lost rejection
        List<Integer> statuses = answers.stream().map(Api.Answer::status).toList();
        assertThat(statuses.get(1)).isEqualTo(200);
        assertThat(statuses.get(0)).isIn(200, 409);
        Api.Answer release = f.release(releaseId);
        assertThat((String) release.read("$.status")).isEqualTo("RUNNING");
        assertThat((String) release.read("$.stages[1].status")).isEqualTo("ACTIVE");
        assertThat((String) release.read("$.stages[1].signOff.outcome")).isEqualTo("REJECTED");
        assertThat(requestSignOff(releaseId, deployStage, f.dev).status()).isEqualTo(200);
    }

    @Test
    void waitingApprovalsShowInTheMetricsWithTheirAge() {
        String releaseId = f.startStandardRelease("3.0.0").read("$.id");
        String devStage = f.release(releaseId).read("$.stages[0].id");
        f.completeChecklist(releaseId, 0, f.dev);
        assertThat(requestSignOff(releaseId, devStage, f.dev).status()).isEqualTo(200);
        TenantContext.runAs(f.tenant.tenantId(), () -> transactions.executeWithoutResult(status -> jdbc.sql(
                "update approval_requests set requested_at = now() - interval '2 hours' where outcome is null "
                        + "and release_id = :id").param("id", UUID.fromString(releaseId)).update()));

        metrics.refresh();

        String prometheus = api.get("/actuator/prometheus", null).text();
        double waiting = gauge(prometheus, "gantry_approvals_waiting");
        double age = gauge(prometheus, "gantry_approvals_waiting_age_seconds");
        assertThat(waiting).isGreaterThanOrEqualTo(1);
        assertThat(age).isGreaterThanOrEqualTo(7200);

        // a deleted project's releases and waiting sign-offs no longer count
        double running = gauge(prometheus, "gantry_releases{", "state=\"RUNNING\"");
        String projectEtag = api.get("/api/v1/projects/" + f.projectId, f.manager).etag();
        assertThat(api.delete("/api/v1/projects/" + f.projectId, f.manager, projectEtag).status()).isEqualTo(204);
        metrics.refresh();
        String after = api.get("/actuator/prometheus", null).text();
        assertThat(gauge(after, "gantry_approvals_waiting")).isEqualTo(waiting - 1);
        assertThat(gauge(after, "gantry_releases{", "state=\"RUNNING\"")).isEqualTo(running - 1);
    }

    private static double gauge(String prometheus, String prefix, String label) {
        return prometheus.lines().filter(l -> l.startsWith(prefix) && l.contains(label))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static double gauge(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(-1);
    }

    private Api.Answer requestSignOff(String releaseId, String stageId, String token) {
        String etag = f.release(releaseId).etag();
        return api.post("/api/v1/releases/" + releaseId + "/stages/" + stageId + "/approval-requests", token, etag,
                null);
    }

    private Api.Answer decide(String releaseId, String stageId, String token, String decision, String comment) {
        String body = comment == null ? "{\"decision\":\"" + decision + "\"}"
                : "{\"decision\":\"" + decision + "\",\"comment\":\"" + comment + "\"}";
        return api.post("/api/v1/releases/" + releaseId + "/stages/" + stageId + "/decisions", token, body);
    }

    private void advance(String releaseId) {
        Api.Answer moved = api.post("/api/v1/releases/" + releaseId + "/advance", f.manager,
                f.release(releaseId).etag(), null);
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }

    private Api.Answer firstItemPatch(String releaseId, int stage, int item, String token) {
        Map<String, Object> it = f.release(releaseId).read("$.stages[" + stage + "].checklist[" + item + "]");
        return api.patch("/api/v1/releases/" + releaseId + "/checklist-items/" + it.get("id"), token,
                "\"" + it.get("version") + "\"", "{\"done\":true}");
    }

    @SafeVarargs
    private static List<Api.Answer> inParallel(Callable<Api.Answer>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch ready = new CountDownLatch(calls.length);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Answer>> futures = new ArrayList<>();
            for (Callable<Api.Answer> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<Api.Answer> answers = new ArrayList<>();
            for (Future<Api.Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<DocumentContext> eventsOf(String releaseId, String lastType) {
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(events.topic(Topics.PROJECTS),
                found -> found.stream().anyMatch(r -> releaseId.equals(r.key()) && r.value().contains(lastType)),
                Duration.ofSeconds(30));
        return records.stream().filter(r -> releaseId.equals(r.key())).map(r -> JsonPath.parse(r.value())).toList();
    }
}
