package dev.gantry.search.indexing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends queued index writes ({@link IndexQueue}) to Elasticsearch: claims up to {@code batch} rows (SKIP LOCKED, so
 * instances share the work), sends them as one bulk request to every write target, deletes them in the same
 * transaction once Elasticsearch answered, and reports them to {@link Freshness}. Woken by every commit that queued
 * something, and polls every {@code poll-interval} otherwise. If Elasticsearch cannot be reached the transaction
 * rolls back and the rows wait for the next attempt; a document Elasticsearch refuses for good is set aside with
 * its reason (logged, counted in {@code gantry.search.queue.failed}) so that it does not hold up the others.
 */
@Component
public class IndexQueueWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IndexQueueWriter.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SearchIndex index;
    private final Freshness freshness;
    private final TransactionTemplate transactions;
    private final int batch;
    private final Duration pollInterval;
    private final Semaphore work = new Semaphore(0);
    private volatile Thread thread;
    private volatile long failed;

    IndexQueueWriter(JdbcClient jdbc, JsonMapper json, SearchIndex index, Freshness freshness,
            TransactionTemplate transactions, MeterRegistry meters,
            @Value("${gantry.search.queue.batch:500}") int batch,
            @Value("${gantry.search.queue.poll-interval:1s}") Duration pollInterval) {
        this.jdbc = jdbc;
        this.json = json;
        this.index = index;
        this.freshness = freshness;
        this.transactions = transactions;
        this.batch = batch;
        this.pollInterval = pollInterval;
        Gauge.builder("gantry.search.queue.failed", () -> failed)
                .description("Index writes Elasticsearch refused, set aside in index_queue").register(meters);
    }

    /** Something was queued: send it now rather than at the next poll. */
    void wakeUp() {
        work.release();
    }

    private record Queued(long id, SearchIndex.Write write, Instant eventTime) {
    }

    /** Sends one batch; returns how many rows it took off the queue. */
    int drainOnce() {
        List<Instant> sent = new ArrayList<>();
        Integer drained = transactions.execute(status -> {
            List<Queued> rows = jdbc.sql("select * from index_queue_claim(:batch)").param("batch", batch)
                    .query(this::row).list();
            if (rows.isEmpty()) {
                return 0;
            }
            Map<Integer, String> refused = index.writeReportingRefusals(rows.stream().map(Queued::write).toList());
            List<Long> done = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Queued row = rows.get(i);
                String reason = refused.get(i);
                if (reason == null) {
                    done.add(row.id());
                    if (row.eventTime() != null) {
                        sent.add(row.eventTime());
                    }
                } else {
                    log.error("Elasticsearch refused queued index write {}: {}; set aside in index_queue", row.id(),
                            reason);
                    jdbc.sql("select index_queue_fail(:id, :reason)").param("id", row.id()).param("reason", reason)
                            .query((rs, n) -> 1).list();
                }
            }
            jdbc.sql("select index_queue_remove(:ids)").param("ids", done.toArray(Long[]::new))
                    .query((rs, n) -> 1).list();
            return rows.size();
        });
        sent.forEach(freshness::written);
        return drained == null ? 0 : drained;
    }

    private Queued row(ResultSet rs, int n) throws SQLException {
        SearchDocument document = json.readValue(rs.getString("document"), SearchDocument.class);
        OffsetDateTime eventTime = rs.getObject("event_time", OffsetDateTime.class);
        return new Queued(rs.getLong("id"), new SearchIndex.Write(document, rs.getLong("version"),
                rs.getBoolean("or_newer")), eventTime == null ? null : eventTime.toInstant());
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (drainOnce() < batch) { // the queue is empty for now: wait for a commit or the next poll
                    work.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                    work.drainPermits();
                }
                failed = jdbc.sql("select failed from index_queue_size()").query(Long.class).single();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("Sending queued index writes failed; retrying in {}: {}", pollInterval, e.toString());
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        thread = Thread.ofPlatform().name("search-index-queue").daemon().start(this::run);
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
