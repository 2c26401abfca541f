package dev.gantry.search.filterlang;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Project keys of the caller's tenant, from the membership projection, so that a filter can say
 * {@code project = PAY}. Call it in the caller's tenant transaction (row-level security scopes it to the tenant).
 */
@Component
public class ProjectKeys {

    private final JdbcClient jdbc;

    ProjectKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<UUID> idOf(String key) {
        return jdbc.sql("select id from projects where upper(key) = :key and status <> 'DELETED'")
                .param("key", key).query(UUID.class).optional();
    }
}
