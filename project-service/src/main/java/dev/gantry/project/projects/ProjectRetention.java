package dev.gantry.project.projects;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Purges projects deleted longer ago than {@code gantry.projects.retention} (default 30 days), with their releases,
 * milestones and members. Until then a tenant admin can restore them. The purge crosses tenants, so it goes through
 * the schema owner's {@code purge_deleted_projects} function; it is idempotent, so several instances may run it.
 */
@Component
public class ProjectRetention {

    private static final Logger log = LoggerFactory.getLogger(ProjectRetention.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration retention;

    ProjectRetention(JdbcClient jdbc, Clock clock, @Value("${gantry.projects.retention:P30D}") Duration retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    /** Deletes for good what was deleted before now minus the retention; returns the purged project ids. */
    @Scheduled(initialDelayString = "${gantry.projects.purge-initial-delay:PT1M}",
            fixedDelayString = "${gantry.projects.purge-interval:PT1H}")
    @Transactional
    public List<UUID> purge() {
        List<UUID> purged = jdbc.sql("select purge_deleted_projects(:cutoff)")
                .param("cutoff", clock.instant().minus(retention).atOffset(ZoneOffset.UTC))
                .query(UUID.class).list();
        if (!purged.isEmpty()) {
            log.info("Purged {} projects deleted more than {} ago", purged.size(), retention);
        }
        return purged;
    }
}
