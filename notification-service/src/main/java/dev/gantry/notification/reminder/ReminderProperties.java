package dev.gantry.notification.reminder;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Reminders and escalations ({@code gantry.notifications.reminders.*}).
 *
 * @param dueSoonDays        remind the assignee of open tasks due within this many days (0 = today only)
 * @param overdueManagerDays tell the project's managers when a task is this many days overdue
 * @param overdueEscalationDays post to the tenant's escalation channel when a task is this many days overdue
 * @param approvalWait       remind approvers of a stage that has waited this long for approval
 * @param riskOverdueTasks   a running release with this many overdue linked tasks is at risk
 * @param zone               the zone whose calendar decides "due" and "overdue" (task due dates are dates)
 * @param cron               when the jobs run
 */
@ConfigurationProperties("gantry.notifications.reminders")
public record ReminderProperties(Integer dueSoonDays, Integer overdueManagerDays, Integer overdueEscalationDays,
        Duration approvalWait, Integer riskOverdueTasks, ZoneId zone, String cron) {

    public ReminderProperties {
        dueSoonDays = dueSoonDays == null ? 1 : dueSoonDays;
        overdueManagerDays = overdueManagerDays == null ? 2 : overdueManagerDays;
        overdueEscalationDays = overdueEscalationDays == null ? 4 : overdueEscalationDays;
        approvalWait = approvalWait == null ? Duration.ofHours(24) : approvalWait;
        riskOverdueTasks = riskOverdueTasks == null ? 1 : riskOverdueTasks;
        zone = zone == null ? ZoneId.of("Asia/Shanghai") : zone;
        cron = cron == null ? "0 */15 * * * *" : cron;
    }
}
