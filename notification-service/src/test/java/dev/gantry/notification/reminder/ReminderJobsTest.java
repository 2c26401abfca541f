package dev.gantry.notification.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseApprovalRequested;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.notification.support.NotificationScenario;
import dev.gantry.notification.support.TestServers;
import dev.gantry.test.TestEvents;

/**
 * Reminders, overdue escalations, approval waits and risk warnings, run as of a chosen instant (no waiting for the
 * schedule): each goes to the right people and channels once, however often the job runs, and never while another
 * instance holds the job's lock.
 */
class ReminderJobsTest extends NotificationScenario {

    @Autowired
    ReminderJobs jobs;

    @Autowired
    LockProvider locks;

    @Test
    void remindsOfDueTasksEscalatesOverdueOnesAndNeverRepeats() {
        Instant now = Instant.parse("2031-03-10T02:00:00Z");
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        UUID manager = user("Manager Ma", "zh-CN", "Asia/Shanghai");
        UUID dev = user("Dev Du", "en", "UTC");
        UUID project = project("REM", List.of(manager), List.of(dev));
        String escalation = servers.receiver("webhook", "esc-secret");
        integration("""
                {"platform": "WEBHOOK", "name": "escalations", "url": "%s", "secret": "esc-secret", "escalation": true}
                """.formatted(servers.url(escalation)));

        TaskState dueTomorrow = created(task(project, "REM-1", dev, List.of(), today.plusDays(1), StatusCategory.TODO));
        TaskState threeDaysLate = created(task(project, "REM-2", dev, List.of(), today.minusDays(3),
                StatusCategory.IN_PROGRESS));
        TaskState fiveDaysLate = created(task(project, "REM-3", dev, List.of(), today.minusDays(5),
                StatusCategory.TODO));
        created(task(project, "REM-4", dev, List.of(), today.minusDays(9), StatusCategory.DONE));
        await().atMost(WAIT).until(() -> count(tenant, "tasks where project_id = '" + project + "'") == 4);

        assertThat(jobs.run(now)).isGreaterThanOrEqualTo(4);

        assertThat(inboxTitles(dev)).containsExactly("REM-1 is due " + dueTomorrow.dueDate());
        assertThat(inboxTitles(manager)).containsExactlyInAnyOrder("REM-2 已逾期 3 天", "REM-3 已逾期 5 天");
        await().atMost(WAIT).until(() -> servers.received(escalation).size() == 1);
        TestServers.Received posted = servers.received(escalation).getFirst();
        assertThat(posted.problems()).isEmpty();
        assertThat(posted.json().get("kind").asString()).isEqualTo("TASK_OVERDUE");
        assertThat(posted.json().get("title").asString()).contains("REM-3");

        long reminders = count(tenant, "reminders_sent");
        assertThat(jobs.run(now.plus(Duration.ofHours(1)))).isZero();
        assertThat(count(tenant, "reminders_sent")).isEqualTo(reminders);
        assertThat(inboxTitles(manager)).hasSize(2);
        assertThat(threeDaysLate.key() + fiveDaysLate.key()).isEqualTo("REM-2REM-3");
    }

    @Test
    void remindsApproversOfALongWaitAndWarnsTheProjectChannelOfARiskyRelease() {
        UUID manager = user("Release Manager", "en", "UTC");
        UUID approver = user("QA Approver", "en", "UTC");
        UUID project = project("RSK", List.of(manager), List.of(approver));
        String channel = servers.receiver("webhook", "rsk-secret");
        integration("""
                {"projectId": "%s", "platform": "WEBHOOK", "name": "release room", "url": "%s", "secret": "rsk-secret",
                 "eventKinds": ["RELEASE_AT_RISK", "APPROVAL_WAITING"]}
                """.formatted(project, servers.url(channel)));
        UUID releaseId = UUID.randomUUID();
        UUID stage = UUID.randomUUID();
        ReleaseState release = new ReleaseState(releaseId, project, "RSK", "Payments", "2.3", UUID.randomUUID(), 1,
                ReleaseStatus.RUNNING, LocalDate.now(), stage,
                List.of(new ReleaseStage(stage, "灰度发布", 0, ProjectRole.MANAGER, StageStatus.AWAITING_APPROVAL)),
                manager, Instant.now(), null);
        TestEvents.publish(ReleaseEvents.APPROVAL_REQUESTED, tenant.tenantId(), releaseId, 3,
                new ReleaseApprovalRequested(release, stage, manager, List.of(approver)));
        TaskState linked = task(project, "RSK-1", approver, List.of(), LocalDate.now().minusDays(2),
                StatusCategory.IN_PROGRESS);
        created(new TaskState(linked.taskId(), project, linked.key(), linked.title(), "", linked.type(),
                linked.status(), linked.statusCategory(), "HIGH", approver, null, List.of(), List.of(), null,
                linked.dueDate(), null, null, null, null, releaseId, stage, null, Instant.now(), Instant.now()));
        await().atMost(WAIT).until(() -> count(tenant, "releases where release_id = '" + releaseId + "'") == 1
                && count(tenant, "tasks where release_id = '" + releaseId + "'") == 1);

        jobs.run(Instant.now().plus(Duration.ofHours(25)));

        assertThat(inboxTitles(approver)).anySatisfy(title ->
                assertThat(title).startsWith("Payments 2.3 / 灰度发布 has waited 2").endsWith(" h for approval"));
        await().atMost(WAIT).until(() -> servers.received(channel).size() == 2);
        assertThat(servers.received(channel)).allSatisfy(m -> assertThat(m.problems()).isEmpty())
                .extracting(m -> m.json().get("kind").asString())
                .containsExactlyInAnyOrder("APPROVAL_WAITING", "RELEASE_AT_RISK");
        assertThat(servers.received(channel)).anySatisfy(m ->
                assertThat(m.json().get("text").asString()).contains("1 个关联任务已逾期（RSK-1）"));
    }

    @Test
    void theScheduledRunDoesNothingWhileAnotherInstanceHoldsTheLock() {
        UUID dev = user("Locked Out", "en", "UTC");
        UUID project = project("LCK", List.of(), List.of(dev));
        created(task(project, "LCK-1", dev, List.of(), LocalDate.now(ZoneOffset.UTC), StatusCategory.TODO));
        await().atMost(WAIT).until(() -> count(tenant, "tasks where project_id = '" + project + "'") == 1);

        Optional<SimpleLock> held = locks.lock(new LockConfiguration(Instant.now(), "notification-reminders",
                Duration.ofMinutes(1), Duration.ZERO));
        assertThat(held).isPresent();
        jobs.runScheduled();
        assertThat(count(tenant, "reminders_sent")).isZero();

        held.get().unlock();
        jobs.runScheduled();
        assertThat(count(tenant, "reminders_sent")).isEqualTo(1);
        assertThat(inboxTitles(dev)).containsExactly("LCK-1 is due " + LocalDate.now(ZoneOffset.UTC));
    }

    private TaskState created(TaskState task) {
        TestEvents.publish(TaskEvents.CREATED, tenant.tenantId(), task.taskId(), 1, new TaskCreated(task));
        return task;
    }

    private List<String> inboxTitles(UUID user) {
        return as(tenant, () -> jdbc.sql("select title from notifications where user_id = :id order by title")
                .param("id", user).query(String.class).list());
    }
}
