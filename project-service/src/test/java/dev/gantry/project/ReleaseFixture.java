package dev.gantry.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.test.TestTenant;

/**
 * A tenant with a project and the people of a go-live: a manager (creator), a developer who requests sign-offs, two
 * QA engineers and an OPS engineer (project members with those duties), plus a viewer and an outsider.
 */
public final class ReleaseFixture {

    public final Api api;
    public final TestTenant tenant = TestTenant.create();
    public final UUID managerId = UUID.randomUUID();
    public final UUID devId = UUID.randomUUID();
    public final UUID qaId = UUID.randomUUID();
    public final UUID qa2Id = UUID.randomUUID();
    public final UUID opsId = UUID.randomUUID();
    public final UUID viewerId = UUID.randomUUID();
    public final String manager = tenant.tokenFor(managerId, "MEMBER");
    public final String dev = tenant.tokenFor(devId, "MEMBER");
    public final String qa = tenant.tokenFor(qaId, "MEMBER");
    public final String qa2 = tenant.tokenFor(qa2Id, "MEMBER");
    public final String ops = tenant.tokenFor(opsId, "MEMBER");
    public final String viewer = tenant.tokenFor(viewerId, "MEMBER");
    public final String outsider = tenant.token("MEMBER");
    public final String admin = tenant.token("ADMIN");
    public final String projectId;
    public final String projectKey;

    public ReleaseFixture(Api api, String projectKey) {
        this.api = api;
        this.projectKey = projectKey;
        Api.Answer project = api.post("/api/v1/projects", manager,
                "{\"key\":\"" + projectKey + "\",\"name\":\"支付平台 " + projectKey + "\"}");
        assertThat(project.status()).as(project.toString()).isEqualTo(201);
        projectId = project.read("$.id");
        addMember(devId, "MEMBER", "DEV");
        addMember(qaId, "MEMBER", "QA");
        addMember(qa2Id, "MEMBER", "QA");
        addMember(opsId, "MEMBER", "OPS");
        addMember(viewerId, "VIEWER");
    }

    public void addMember(UUID userId, String role, String... duties) {
        String dutyList = String.join(",", java.util.Arrays.stream(duties).map(d -> "\"" + d + "\"").toList());
        Api.Answer added = api.post("/api/v1/projects/" + projectId + "/members", manager,
                "{\"userId\":\"" + userId + "\",\"role\":\"" + role + "\",\"duties\":[" + dutyList + "]}");
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
    }

    /** The tenant's built-in template with this id (standard-release, hotfix, erp-crm-rollout). */
    public String builtInTemplate(String builtIn) {
        Api.Answer list = api.get("/api/v1/process-templates?limit=200", admin);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = list.read("$.items[?(@.builtIn == '" + builtIn + "')].id");
        assertThat(ids).hasSize(1);
        return ids.getFirst();
    }

    /** Starts a standard release; answers the release JSON. */
    public Api.Answer startStandardRelease(String version) {
        Api.Answer started = api.post("/api/v1/projects/" + projectId + "/releases", manager,
                "{\"name\":\"支付 " + version + "\",\"version\":\"" + version + "\",\"templateId\":\""
                        + builtInTemplate("standard-release") + "\",\"plannedDate\":\"2027-03-01\"}");
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started;
    }

    public Api.Answer release(String releaseId) {
        return api.get("/api/v1/releases/" + releaseId, manager);
    }

    /** Ticks every checklist item of the stage at {@code position} with the evidence it needs, as {@code token}. */
    public void completeChecklist(String releaseId, int position, String token) {
        Api.Answer release = release(releaseId);
        List<Map<String, Object>> items = release.read("$.stages[" + position + "].checklist");
        for (Map<String, Object> item : items) {
            if (Boolean.TRUE.equals(item.get("done"))) {
                continue;
            }
            String who = "SIGN_OFF".equals(item.get("evidence")) ? ops : token;
            Api.Answer done = api.patch("/api/v1/releases/" + releaseId + "/checklist-items/" + item.get("id"), who,
                    "\"" + item.get("version") + "\"",
                    "{\"done\":true,\"note\":\"已完成 done\",\"attachmentRef\":\"s3://evidence/" + item.get("id") + "\"}");
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
        }
    }

    public static TaskState task(UUID taskId, String projectId, String key, UUID releaseId, UUID stageId,
            StatusCategory category) {
        return new TaskState(taskId, UUID.fromString(projectId), key, "Task " + key, null, TaskType.TASK,
                category.name(), category, "MEDIUM", null, null, List.of(), List.of(), null, null, null, null, null,
                null, releaseId, stageId, Map.of(), Instant.now(), Instant.now());
    }
}
