package dev.gantry.task.worklog;

import java.util.List;

/**
 * Logged time summed per group (user, task or project) and period (ISO week starting Monday, or month), with totals
 * per group and overall, in minutes.
 */
public record WorklogReport(String groupBy, String period, List<Row> rows, List<Total> totals, long totalMinutes) {

    public record Row(String group, String label, String period, long minutes) {
    }

    public record Total(String group, String label, long minutes) {
    }
}
