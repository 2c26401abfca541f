package dev.gantry.project.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.gantry.common.events.EventsProperties;
import dev.gantry.events.Topics;
import dev.gantry.project.Api;
import dev.gantry.project.ReleaseFixture;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/** Every refusal of the release API is a problem that says why, and changes nothing. */
@GantryIntegrationTest
class ReleaseRefusalsTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsProperties events;

    Api api;
    ReleaseFixture f;
    String releaseId;
    String devStage;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new ReleaseFixture(api, "RF" + (System.nanoTime() % 10000));
        Api.Answer started = f.startStandardRelease("1.0.0");
        releaseId = started.read("$.id");
        devStage = started.read("$.stages[0].id");
    }

    @Test
    void refusesToRequestSignOffWhileTheChecklistIsIncompleteAndSaysWhich() {
        Api.Answer refused = api.post(signOffs(devStage), f.dev, etag(), null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat((String) refused.read("$.type")).isEqualTo("https://gantry.dev/problems/stage-preconditions-unmet");
        assertThat((String) refused.read("$.unmet[0].condition")).isEqualTo("MANDATORY_CHECKLIST_COMPLETE");
        assertThat((String) refused.read("$.unmet[0].detail")).contains("代码评审完成 Code review done",
                "发布说明 Release notes written");
        assertUnchanged();
    }

    @Test
    void refusesToMoveOnBeforeTheStageIsApproved() {
        Api.Answer refused = api.post("/api/v1/releases/" + releaseId + "/advance", f.manager, etag(), null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat((String) refused.read("$.unmet[0].condition")).isEqualTo("PREVIOUS_STAGE_APPROVED");
        assertThat((String) refused.read("$.unmet[0].detail")).isEqualTo("not approved yet: 开发 Dev");
        assertUnchanged();
    }

    @Test
    void requiresIfMatchAndRefusesAStaleOne() {
        Api.Answer missing = api.post("/api/v1/releases/" + releaseId + "/advance", f.manager, null);
        assertThat(missing.status()).isEqualTo(428);
        assertThat((String) missing.read("$.type")).endsWith("/precondition-required");

        Api.Answer stale = api.post("/api/v1/releases/" + releaseId + "/abort", f.manager, "\"0\"",
                "{\"reason\":\"stale\"}");
        assertThat(stale.status()).isEqualTo(412);
        assertThat((Integer) stale.read("$.currentVersion")).isEqualTo(1);

        Map<String, Object> item = f.release(releaseId).read("$.stages[0].checklist[0]");
        Api.Answer staleItem = api.patch("/api/v1/releases/" + releaseId + "/checklist-items/" + item.get("id"),
                f.dev, "\"9\"", "{\"done\":true}");
        assertThat(staleItem.status()).isEqualTo(412);
        Api.Answer noItemMatch = api.patch("/api/v1/releases/" + releaseId + "/checklist-items/" + item.get("id"),
                f.dev, null, "{\"done\":true}");
        assertThat(noItemMatch.status()).isEqualTo(428);
        assertUnchanged();
    }

    @Test
    void refusesACheckWithoutTheEvidenceItNeeds() {
        Map<String, Object> notes = f.release(releaseId).read("$.stages[0].checklist[1]");
        assertThat(notes.get("evidence")).isEqualTo("NOTE");

        Api.Answer refused = api.patch("/api/v1/releases/" + releaseId + "/checklist-items/" + notes.get("id"),
                f.dev, "\"1\"", "{\"done\":true,\"note\":\"  \"}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat((String) refused.read("$.type")).endsWith("/evidence-required");
        assertUnchanged();
    }

    @Test
    void viewersOnlyReadAndOutsidersSeeNothing() {
        Api.Answer viewer = api.post(signOffs(devStage), f.viewer, etag(), null);
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/releases/" + releaseId, f.viewer).status()).isEqualTo(200);

        // a member of the tenant who is not a member of the project: the release does not exist for them
        assertThat(api.get("/api/v1/releases/" + releaseId, f.outsider).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/releases/" + releaseId + "/timeline", f.outsider).status()).isEqualTo(404);
        assertThat(api.post(signOffs(devStage), f.outsider, etag(), null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/projects/" + f.projectId + "/releases", f.outsider).status()).isEqualTo(404);
        assertThat((Integer) api.get("/api/v1/releases", f.outsider).read("$.items.length()")).isZero();

        // only managers start, abort or roll back
        Api.Answer start = api.post("/api/v1/projects/" + f.projectId + "/releases", f.dev,
                "{\"name\":\"x\",\"version\":\"9\",\"templateId\":\"" + f.builtInTemplate("hotfix") + "\"}");
        assertThat(start.status()).isEqualTo(403);
        assertThat(api.post("/api/v1/releases/" + releaseId + "/abort", f.dev, etag(), "{\"reason\":\"no\"}").status())
                .isEqualTo(403);
        assertUnchanged();
    }

    @Test
    void anotherTenantCannotSeeOrTouchTheRelease() {
        String stranger = TestTenant.create().token("OWNER");

        assertThat(api.get("/api/v1/releases/" + releaseId, stranger).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/releases/" + releaseId + "/abort", stranger, etag(), "{\"reason\":\"x\"}")
                .status()).isEqualTo(404);
        assertThat(api.post(signOffs(devStage), stranger, etag(), null).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/releases/" + releaseId + "/retrospective", stranger).status()).isEqualTo(404);
        assertUnchanged();
    }

    @Test
    void decisionsNeedASignOffUnderWayAndARejectionNeedsAReason() {
        Api.Answer early = api.post(decisions(devStage), f.manager, "{\"decision\":\"APPROVE\"}");
        assertThat(early.status()).isEqualTo(409);
        assertThat((String) early.read("$.type")).endsWith("/stage-state");

        f.completeChecklist(releaseId, 0, f.dev);
        assertThat(api.post(signOffs(devStage), f.dev, etag(), null).status()).isEqualTo(200);
        Api.Answer noReason = api.post(decisions(devStage), f.manager, "{\"decision\":\"REJECT\"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat((String) noReason.read("$.errors[0].field")).isEqualTo("comment");
        Api.Answer bad = api.post(decisions(devStage), f.manager, "{\"decision\":\"MAYBE\"}");
        assertThat(bad.status()).isEqualTo(400);

        assertThat(api.post(decisions(devStage), f.manager, "{\"decision\":\"APPROVE\"}").status()).isEqualTo(200);
        Api.Answer twice = api.post(decisions(devStage), f.manager, "{\"decision\":\"APPROVE\"}");
        assertThat(twice.status()).isEqualTo(409);
    }

    @Test
    void aGuestNeverDecidesEvenWhenTheRuleDesignatesThem() {
        java.util.UUID guestId = java.util.UUID.randomUUID();
        f.addMember(guestId, "MANAGER");
        f.completeChecklist(releaseId, 0, f.dev);
        assertThat(api.post(signOffs(devStage), f.dev, etag(), null).status()).isEqualTo(200);

        Api.Answer guest = api.post(decisions(devStage), f.tenant.tokenFor(guestId, "GUEST"),
                "{\"decision\":\"APPROVE\"}");

        assertThat(guest.status()).isEqualTo(403);
        assertThat((String) f.release(releaseId).read("$.stages[0].status")).isEqualTo("AWAITING_APPROVAL");
    }

    @Test
    void refusesSignOffThatNobodyButTheRequesterCouldGive() {
        // the only MANAGER asks for the sign-off of a stage approved by MANAGERs, and may not approve it himself
        f.completeChecklist(releaseId, 0, f.dev);
        Api.Answer refused = api.post(signOffs(devStage), f.manager, etag(), null);

        assertThat(refused.status()).isEqualTo(409);
        assertThat((String) refused.read("$.type")).endsWith("/no-eligible-approvers");
    }

    @Test
    void anAbortedReleaseChangesNoMoreAndHasARetrospective() {
        Api.Answer running = api.get("/api/v1/releases/" + releaseId + "/retrospective", f.dev);
        assertThat(running.status()).isEqualTo(409);
        assertThat((String) running.read("$.type")).endsWith("/release-running");

        Api.Answer aborted = api.post("/api/v1/releases/" + releaseId + "/abort", f.manager, etag(),
                "{\"reason\":\"支付通道故障 payment channel outage\"}");
        assertThat(aborted.status()).isEqualTo(200);
        assertThat((String) aborted.read("$.status")).isEqualTo("ABORTED");

        Api.Answer again = api.post("/api/v1/releases/" + releaseId + "/abort", f.manager, etag(),
                "{\"reason\":\"again\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat((String) again.read("$.type")).endsWith("/release-not-running");
        assertThat(api.post("/api/v1/releases/" + releaseId + "/rollback", f.manager, etag(),
                "{\"reason\":\"x\"}").status()).isEqualTo(409);
        assertThat((String) api.get("/api/v1/releases/" + releaseId + "/retrospective", f.dev).read("$.endReason"))
                .isEqualTo("支付通道故障 payment channel outage");
        DocumentContext event = eventOf("gantry.release.aborted.v1");
        assertThat((String) event.read("$.data.reason")).isEqualTo("支付通道故障 payment channel outage");
        assertThat((String) event.read("$.data.release.status")).isEqualTo("ABORTED");
    }

    @Test
    void rollsBackARunningReleaseWithItsReason() {
        Api.Answer incident = api.post("/api/v1/releases/" + releaseId + "/incidents", f.dev,
                "{\"title\":\"灰度 5xx 上升 5xx rising\",\"severity\":\"SEV2\"}");
        assertThat(incident.status()).isEqualTo(201);
        Api.Answer badSeverity = api.post("/api/v1/releases/" + releaseId + "/incidents", f.dev,
                "{\"title\":\"x\",\"severity\":\"HUGE\"}");
        assertThat(badSeverity.status()).isEqualTo(400);

        Api.Answer rolledBack = api.post("/api/v1/releases/" + releaseId + "/rollback", f.manager, etag(),
                "{\"reason\":\"5xx above SLO\"}");
        assertThat(rolledBack.status()).isEqualTo(200);
        assertThat((String) rolledBack.read("$.status")).isEqualTo("ROLLED_BACK");
        Api.Answer report = api.get("/api/v1/releases/" + releaseId + "/retrospective", f.dev);
        assertThat((String) report.read("$.incidents[0].title")).isEqualTo("灰度 5xx 上升 5xx rising");
        DocumentContext event = eventOf("gantry.release.rolled-back.v1");
        assertThat((String) event.read("$.data.reason")).isEqualTo("5xx above SLO");
        assertThat((String) event.read("$.data.release.status")).isEqualTo("ROLLED_BACK");
        assertThat(event.read("$.aggregateversion").toString()).isEqualTo(rolledBack.etag().replace("\"", ""));
    }

    private DocumentContext eventOf(String type) {
        return TestEvents.readUntil(events.topic(Topics.PROJECTS), found -> found.stream()
                        .anyMatch(r -> releaseId.equals(r.key()) && r.value().contains(type)), Duration.ofSeconds(30))
                .stream().filter(r -> releaseId.equals(r.key()) && r.value().contains(type))
                .map(r -> JsonPath.parse(r.value())).findFirst().orElseThrow();
    }

    private String etag() {
        return f.release(releaseId).etag();
    }

    private String signOffs(String stageId) {
        return "/api/v1/releases/" + releaseId + "/stages/" + stageId + "/approval-requests";
    }

    private String decisions(String stageId) {
        return "/api/v1/releases/" + releaseId + "/stages/" + stageId + "/decisions";
    }

    private void assertUnchanged() {
        Api.Answer release = f.release(releaseId);
        assertThat(release.etag()).isEqualTo("\"1\"");
        assertThat((String) release.read("$.stages[0].status")).isEqualTo("ACTIVE");
        assertThat((String) release.read("$.status")).isEqualTo("RUNNING");
    }
}
