package dev.gantry.search.indexing;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The index a running rebuild is building, which live writes also go to (table {@code index_rebuilds}, written by
 * the rebuild feature). An event handled after the rebuild became visible must reach the new index, and one handled
 * before was committed at its source before the export read it; so the answer is cached for at most
 * {@link #CACHE_FOR} (one query per second instead of one per event) and a rebuild waits {@link #SETTLE} after
 * registering before it reads the exports. A rebuild whose heartbeat stopped (its instance died) no longer counts.
 */
@Component
public class RebuildTarget {

    public static final java.time.Duration CACHE_FOR = java.time.Duration.ofSeconds(1);
    /** How long after registering a rebuild every instance's writes surely reach its index. */
    public static final java.time.Duration SETTLE = CACHE_FOR.multipliedBy(2);

    private record Cached(Optional<String> target, long readAt) {
    }

    private final JdbcClient jdbc;
    private volatile Cached cached = new Cached(Optional.empty(), Long.MIN_VALUE);

    RebuildTarget(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> current() {
        Cached seen = cached;
        long now = System.nanoTime();
        if (seen.readAt() != Long.MIN_VALUE && now - seen.readAt() < CACHE_FOR.toNanos()) {
            return seen.target();
        }
        Optional<String> target = read();
        cached = new Cached(target, now);
        return target;
    }

    private Optional<String> read() {
        return jdbc.sql("""
                select target_index from index_rebuilds
                where status = 'RUNNING' and heartbeat_at > now() - interval '2 minutes'
                order by started_at desc limit 1
                """).query(String.class).optional();
    }
}
