package dev.gantry.notification.reminder;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.notification.dispatch.Notifier;
import dev.gantry.notification.integration.Integrations;
import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.notice.NoticeKind;
import dev.gantry.notification.recipient.Recipients;

/**
 * Reminders, overdue escalations, approval waits and risk warnings, run on a schedule by one instance at a time
 * (ShedLock over the {@code shedlock} table). Each reminder is sent once: its key is recorded in {@code
 * reminders_sent} in the transaction that sends it, and its event id derives from that key, so a rerun (on any
 * instance) adds nothing. {@link #run(Instant)} runs every job as of a given instant, for tests and operators.
 */
@Component
public class ReminderJobs {

    private static final Logger log = LoggerFactory.getLogger(ReminderJobs.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TrackedWork work;
    private final Notifier notifier;
    private final Integrations integrations;
    private final ProjectMembership membership;
    private final Recipients recipients;
    private final ReminderProperties properties;
    private final Clock clock;

    ReminderJobs(JdbcClient jdbc, TransactionTemplate transactions, TrackedWork work, Notifier notifier,
            Integrations integrations, ProjectMembership membership, Recipients recipients,
            ReminderProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.work = work;
        this.notifier = notifier;
        this.integrations = integrations;
        this.membership = membership;
        this.recipients = recipients;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(cron = "${gantry.notifications.reminders.cron:0 */15 * * * *}")
    @SchedulerLock(name = "notification-reminders", lockAtMostFor = "PT10M", lockAtLeastFor = "PT10S")
    public void runScheduled() {
        run(clock.instant());
    }

    /** Runs every job for every known tenant as of {@code now}; returns how many notices were raised. */
    public int run(Instant now) {
        int raised = 0;
        for (UUID tenant : jdbc.sql("select tenant_id from known_tenants order by tenant_id").query(UUID.class)
                .list()) {
            try {
                Integer count = TenantContext.callAs(tenant, () -> transactions.execute(status ->
                        dueSoon(now) + overdue(now) + approvalWaits(now) + risks(now)));
                raised += count == null ? 0 : count;
            } catch (RuntimeException e) {
                log.warn("Reminders of tenant {} failed; the next run tries again: {}", tenant, e.toString());
            }
        }
        return raised;
    }

    int dueSoon(Instant now) {
        LocalDate today = today(now);
        int raised = 0;
        for (TrackedTask task : work.openDueBetween(today, today.plusDays(properties.dueSoonDays()))) {
            if (task.assigneeId() != null && once("due-soon:" + task.taskId() + ":" + task.dueDate(), now)) {
                notifier.notify(eventId("due-soon:" + task.taskId() + ":" + task.dueDate()),
                        taskNotice(NoticeKind.TASK_DUE_SOON, task, 0), List.of(task.assigneeId()));
                raised++;
            }
        }
        return raised;
    }

    int overdue(Instant now) {
        LocalDate today = today(now);
        int raised = 0;
        for (TrackedTask task : work.openDueBefore(today)) {
            long days = ChronoUnit.DAYS.between(task.dueDate(), today);
            if (days >= properties.overdueManagerDays()) {
                String key = "overdue-managers:" + task.taskId() + ":" + task.dueDate();
                if (once(key, now)) {
                    List<UUID> managers = membership.membersWithRole(task.projectId(), ProjectRole.MANAGER);
                    notifier.notify(eventId(key), taskNotice(NoticeKind.TASK_OVERDUE, task, days),
                            managers.isEmpty() ? recipients.tenantAdmins() : managers);
                    raised++;
                }
            }
            if (days >= properties.overdueEscalationDays()) {
                String key = "overdue-escalation:" + task.taskId() + ":" + task.dueDate();
                if (once(key, now)) {
                    notifier.post(eventId(key), taskNotice(NoticeKind.TASK_OVERDUE, task, days),
                            integrations.escalationChannels());
                    raised++;
                }
            }
        }
        return raised;
    }

    int approvalWaits(Instant now) {
        int raised = 0;
        for (TrackedRelease release : work.runningReleases()) {
            if (release.awaitingSince() == null
                    || Duration.between(release.awaitingSince(), now).compareTo(properties.approvalWait()) < 0) {
                continue;
            }
            String key = "approval-wait:" + release.releaseId() + ":" + release.awaitingStageId() + ":"
                    + release.awaitingSince().toEpochMilli();
            if (once(key, now)) {
                Map<String, String> params = releaseParams(release);
                params.put("stage", release.awaitingStageName());
                params.put("hours", Long.toString(Duration.between(release.awaitingSince(), now).toHours()));
                notifier.notify(eventId(key), new Notice(NoticeKind.APPROVAL_WAITING, release.projectId(),
                        release.releaseId(), releasePath(release), params), release.approverIds());
                raised++;
            }
        }
        return raised;
    }

    int risks(Instant now) {
        LocalDate today = today(now);
        int raised = 0;
        for (TrackedRelease release : work.runningReleases()) {
            List<String> overdueKeys = work.openTasksOfRelease(release.releaseId()).stream()
                    .filter(t -> t.dueDate() != null && t.dueDate().isBefore(today)).map(TrackedTask::key).toList();
            if (overdueKeys.size() < properties.riskOverdueTasks()) {
                continue;
            }
            List<String> reasons = new ArrayList<>();
            reasons.add(MessageTemplates.labelRef("risk.overdueTasks", overdueKeys.size(),
                    String.join(", ", overdueKeys.subList(0, Math.min(10, overdueKeys.size())))));
            String key = "risk:" + release.releaseId() + ":" + String.join(",", overdueKeys);
            if (once(key, now)) {
                Map<String, String> params = releaseParams(release);
                params.put("reasons", String.join(";", reasons));
                notifier.notify(eventId(key), new Notice(NoticeKind.RELEASE_AT_RISK, release.projectId(),
                        release.releaseId(), releasePath(release), params), Set.of());
                raised++;
            }
        }
        return raised;
    }

    private Notice taskNotice(NoticeKind kind, TrackedTask task, long days) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("taskKey", task.key());
        params.put("taskTitle", task.title());
        params.put("dueDate", String.valueOf(task.dueDate()));
        params.put("days", Long.toString(days));
        params.put("assignee", recipients.nameOf(task.assigneeId()));
        return new Notice(kind, task.projectId(), task.taskId(),
                "/projects/" + task.projectId() + "/tasks/" + task.key(), params);
    }

    private static Map<String, String> releaseParams(TrackedRelease release) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("release", release.label());
        params.put("project", release.projectKey());
        return params;
    }

    private static String releasePath(TrackedRelease release) {
        return "/projects/" + release.projectId() + "/releases/" + release.releaseId();
    }

    /** Records the reminder as sent; false when it already was (by this or another run). */
    private boolean once(String key, Instant now) {
        return jdbc.sql("""
                insert into reminders_sent (tenant_id, reminder_key, sent_at) values (:tenantId, :key, :at)
                on conflict do nothing
                """).param("tenantId", TenantContext.requireTenant()).param("key", key)
                .param("at", now.atOffset(ZoneOffset.UTC)).update() > 0;
    }

    private LocalDate today(Instant now) {
        return now.atZone(properties.zone()).toLocalDate();
    }

    private static UUID eventId(String key) {
        return UUID.nameUUIDFromBytes(("reminder:" + key).getBytes(StandardCharsets.UTF_8));
    }
}
