package dev.gantry.notification.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseApprovalRequested;
import dev.gantry.events.projects.ReleaseCompleted;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseStageEntered;
import dev.gantry.events.projects.ReleaseStageRejected;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.events.tasks.CommentAdded;
import dev.gantry.events.tasks.CommentState;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskStatusChanged;
import dev.gantry.events.tasks.TaskUpdated;
import dev.gantry.notification.support.NotificationScenario;
import dev.gantry.test.TestEvents;

/** Who hears about what, end to end through Kafka: watchers, commenters, approvers and release participants. */
class NotificationRulesTest extends NotificationScenario {

    @Test
    void watchersHearOfChangesAndCommentsButNobodyOfTheirOwnActions() {
        UUID assignee = user("Assignee", "en", "UTC");
        UUID watcher = user("Watcher", "en", "UTC");
        UUID mentioned = user("Mentioned", "en", "UTC");
        UUID project = project("WAT", List.of(), List.of(assignee, watcher, mentioned));
        TaskState task = task(project, "WAT-1", assignee, List.of(watcher, mentioned), null, StatusCategory.TODO);
        TestEvents.publish(TaskEvents.CREATED, tenant.tenantId(), task.taskId(), 1, new TaskCreated(task));
        await().atMost(WAIT).until(() -> count(tenant, "tasks where task_id = '" + task.taskId() + "'") == 1);

        // the watcher changes the title themselves: only the other watcher hears of it
        TestEvents.publish(TaskEvents.UPDATED, tenant.tenantId(), task.taskId(), 2, new TaskUpdated(task,
                List.of("title", "updatedAt")));
        retitled(task, watcher);
        TestEvents.publish(TaskEvents.STATUS_CHANGED, tenant.tenantId(), task.taskId(), 3,
                new TaskStatusChanged(task, "To do", StatusCategory.TODO));
        // a comment by the assignee that mentions one watcher: the other watcher is told of the comment
        TestEvents.publish(TaskEvents.COMMENT_ADDED, tenant.tenantId(), UUID.randomUUID(), 1, new CommentAdded(
                new CommentState(UUID.randomUUID(), task.taskId(), project, "WAT-1", assignee, "@Mentioned look",
                        List.of(mentioned), Instant.now(), null)));

        await().atMost(WAIT).until(() -> kinds(watcher).size() >= 3 && kinds(mentioned).size() >= 3
                && !kinds(assignee).isEmpty());
        assertThat(kinds(watcher)).containsExactlyInAnyOrder("TASK_CHANGED", "TASK_CHANGED", "TASK_COMMENTED");
        assertThat(kinds(mentioned)).containsExactlyInAnyOrder("TASK_CHANGED", "TASK_CHANGED", "TASK_CHANGED");
        assertThat(kinds(assignee)).containsExactly("TASK_CHANGED");
    }

    @Test
    void approversAreAskedAndReleaseParticipantsFollowStagesRejectionsAndGoLive() {
        UUID manager = user("PM", "zh-CN", "Asia/Shanghai");
        UUID member = user("Dev", "en", "UTC");
        UUID outsideApprover = user("Security", "en", "UTC");
        UUID project = project("REL", List.of(manager), List.of(member));
        String room = servers.receiver("webhook", "room-secret");
        integration("""
                {"projectId": "%s", "platform": "WEBHOOK", "name": "release room", "url": "%s", "secret": "room-secret"}
                """.formatted(project, servers.url(room)));
        UUID releaseId = UUID.randomUUID();
        UUID stage = UUID.randomUUID();
        ReleaseState running = release(releaseId, project, stage, StageStatus.AWAITING_APPROVAL, ReleaseStatus.RUNNING,
                manager);

        TestEvents.publish(ReleaseEvents.APPROVAL_REQUESTED, tenant.tenantId(), releaseId, 2,
                new ReleaseApprovalRequested(running, stage, manager, List.of(outsideApprover, manager)));
        await().atMost(WAIT).until(() -> kinds(outsideApprover).contains("APPROVAL_REQUESTED"));
        assertThat(kinds(manager)).doesNotContain("APPROVAL_REQUESTED");
        assertThat(kinds(member)).doesNotContain("APPROVAL_REQUESTED");

        TestEvents.publish(ReleaseEvents.STAGE_REJECTED, tenant.tenantId(), releaseId, 3,
                new ReleaseStageRejected(running, stage, outsideApprover, "回滚方案不完整"));
        TestEvents.publish(ReleaseEvents.STAGE_ENTERED, tenant.tenantId(), releaseId, 4,
                new ReleaseStageEntered(running, stage));
        TestEvents.publish(ReleaseEvents.STAGE_REJECTED, tenant.tenantId(), releaseId, 5,
                new ReleaseStageRejected(running, stage, outsideApprover, "still missing"));
        TestEvents.publish(ReleaseEvents.COMPLETED, tenant.tenantId(), releaseId, 6, new ReleaseCompleted(
                release(releaseId, project, stage, StageStatus.APPROVED, ReleaseStatus.COMPLETED, manager)));

        await().atMost(WAIT).until(() -> kinds(member).contains("RELEASE_COMPLETED"));
        assertThat(kinds(member)).containsExactlyInAnyOrder("RELEASE_STAGE_CHANGED", "RELEASE_STAGE_CHANGED",
                "RELEASE_STAGE_CHANGED", "RELEASE_COMPLETED");
        // the approver who rejected is not told of their own rejections, but of the rest
        assertThat(kinds(outsideApprover)).containsExactlyInAnyOrder("APPROVAL_REQUESTED", "RELEASE_STAGE_CHANGED",
                "RELEASE_COMPLETED");
        assertThat(titles(manager)).contains("Payments 1.0：灰度发布 被驳回");
        // the second rejection of the same stage raises a risk warning in the project's channel
        await().atMost(WAIT).until(() -> servers.received(room).stream()
                .anyMatch(m -> m.json().get("kind").asString().equals("RELEASE_AT_RISK")));
        assertThat(servers.received(room)).allSatisfy(m -> assertThat(m.problems()).isEmpty())
                .filteredOn(m -> m.json().get("kind").asString().equals("RELEASE_AT_RISK")).singleElement()
                .satisfies(m -> assertThat(m.json().get("text").asString()).contains("已被驳回 2 次"));
    }

    private static ReleaseState release(UUID id, UUID project, UUID stage, StageStatus stageStatus,
            ReleaseStatus status, UUID startedBy) {
        return new ReleaseState(id, project, "REL", "Payments", "1.0", UUID.randomUUID(), 1, status, LocalDate.now(),
                stage, List.of(new ReleaseStage(stage, "灰度发布", 0, ProjectRole.MANAGER, stageStatus)), startedBy,
                Instant.now(), null);
    }

    private void retitled(TaskState task, UUID by) {
        // published with the watcher as actor: the envelope's actor is who made the change
        dev.gantry.events.EventEnvelope envelope = new dev.gantry.events.EventEnvelope(
                dev.gantry.events.EventEnvelope.SPEC_VERSION, UUID.randomUUID(), TaskEvents.UPDATED.name(), "test",
                task.taskId().toString(), Instant.now(), "application/json", tenant.tenantId(), by.toString(), 2,
                null, JSON.valueToTree(new TaskUpdated(task, List.of("dueDate"))));
        TestEvents.publishRaw(TestEvents.topic(TaskEvents.UPDATED.topic()), task.taskId().toString(),
                JSON.writeValueAsString(envelope));
    }

    private List<String> kinds(UUID user) {
        return as(tenant, () -> jdbc.sql("select kind from notifications where user_id = :id").param("id", user)
                .query(String.class).list());
    }

    private List<String> titles(UUID user) {
        return as(tenant, () -> jdbc.sql("select title from notifications where user_id = :id").param("id", user)
                .query(String.class).list());
    }
}
