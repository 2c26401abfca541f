package dev.gantry.project.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.events.projects.ReleaseStatus;

/**
 * Business gauges for the ops dashboards, counted in the database over all tenants (through the schema owner's
 * {@code release_metrics} and {@code approval_metrics} functions) every 15 s, so every instance reports the same
 * truth and nothing resets when an instance restarts: {@code gantry_releases{state}}, {@code gantry_approvals_waiting}
 * and {@code gantry_approvals_waiting_age_seconds} (the age of the oldest approval waiting). The rejection counter
 * lives with the approvals.
 */
@Component
public class ReleaseMetrics {

    private static final Logger log = LoggerFactory.getLogger(ReleaseMetrics.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<ReleaseStatus, AtomicLong> releases = new EnumMap<>(ReleaseStatus.class);
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();

    ReleaseMetrics(JdbcClient jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        for (ReleaseStatus status : ReleaseStatus.values()) {
            AtomicLong count = new AtomicLong();
            releases.put(status, count);
            Gauge.builder("gantry.releases", count, AtomicLong::get).tag("state", status.name())
                    .description("Releases (go-live runs) in each state, over all tenants").register(meters);
        }
        Gauge.builder("gantry.approvals.waiting", waiting, AtomicLong::get)
                .description("Stage sign-offs waiting for a decision, over all tenants").register(meters);
        Gauge.builder("gantry.approvals.waiting.age", oldestAgeSeconds, AtomicLong::get).baseUnit("seconds")
                .description("How long the oldest sign-off waiting for a decision has waited").register(meters);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${gantry.metrics.release-refresh:PT15S}")
    @Transactional(readOnly = true)
    public void refresh() {
        try {
            Map<ReleaseStatus, Long> counts = new EnumMap<>(ReleaseStatus.class);
            jdbc.sql("select status, releases from release_metrics()").query((rs, n) -> {
                counts.put(ReleaseStatus.valueOf(rs.getString("status")), rs.getLong("releases"));
                return null;
            }).list();
            releases.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status, 0L)));
            jdbc.sql("select waiting, oldest_requested_at from approval_metrics()").query(rs -> {
                waiting.set(rs.getLong("waiting"));
                Timestamp oldest = rs.getTimestamp("oldest_requested_at");
                oldestAgeSeconds.set(oldest == null ? 0
                        : Math.max(0, Duration.between(oldest.toInstant(), Instant.now(clock)).toSeconds()));
            });
        } catch (RuntimeException e) {
            // a failed refresh keeps the last values; the next one tries again
            log.warn("Could not refresh release metrics: {}", e.toString());
        }
    }
}
