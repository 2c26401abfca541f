package dev.gantry.search.indexing;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The index a running rebuild is building, which live writes also go to (table {@code index_rebuilds}, written by
 * the rebuild feature). Read on every write rather than cached: an event handled after the rebuild started must
 * reach the new index, and one handled before was committed at its source before the export read it.
 * A rebuild whose heartbeat stopped (its instance died) no longer counts.
 */
@Component
public class RebuildTarget {

    private final JdbcClient jdbc;

    RebuildTarget(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> current() {
        return jdbc.sql("""
                select target_index from index_rebuilds
                where status = 'RUNNING' and heartbeat_at > now() - interval '2 minutes'
                order by started_at desc limit 1
                """).query(String.class).optional();
    }
}
