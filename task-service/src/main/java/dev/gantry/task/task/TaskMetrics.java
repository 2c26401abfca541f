package dev.gantry.task.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The overdue tasks gauge of the ops dashboards ({@code gantry_tasks_overdue}): open tasks past their due date in
 * every tenant, counted by the database at most every 30 seconds, however often Prometheus scrapes.
 */
@Component
class TaskMetrics {

    private static final Duration REFRESH = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile double overdue;
    private volatile Instant countedAt = Instant.EPOCH;

    TaskMetrics(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        Gauge.builder("gantry.tasks.overdue", this, TaskMetrics::overdue)
                .description("Open tasks past their due date").register(meters);
    }

    synchronized double overdue() {
        Instant now = clock.instant();
        if (now.isAfter(countedAt.plus(REFRESH))) {
            // overdue_task_count() runs as the schema owner, so it counts across tenants
            overdue = jdbc.sql("select overdue_task_count(:today)")
                    .param("today", LocalDate.ofInstant(now, ZoneOffset.UTC)).query(Long.class).single();
            countedAt = now;
        }
        return overdue;
    }
}
