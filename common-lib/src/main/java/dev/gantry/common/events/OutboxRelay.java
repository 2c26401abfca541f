package dev.gantry.common.events;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

import dev.gantry.events.EventEnvelope;

/**
 * Publishes the outbox to Kafka: in id order, keyed by aggregate, with an idempotent producer, marking rows as sent
 * once Kafka acknowledged them. Every instance of a service runs one; a PostgreSQL session advisory lock lets exactly
 * one relay at a time, on a connection of its own, so that the lock goes away with a dead instance's connection and
 * another instance takes over. Per-aggregate order holds because an aggregate's changes are serialised by its row
 * lock (so its outbox ids follow commit order) and one relay publishes in id order, stopping a batch at the first
 * failure so that nothing overtakes an event waiting to be re-sent.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    private static final Duration PENDING_COUNT_EVERY = Duration.ofSeconds(5);

    /** Opens the relay's own connection (not from the pool: the session lock must end with it). */
    public interface LockConnections {
        Connection open() throws SQLException;
    }

    private final JdbcClient jdbc;
    private final LockConnections lockConnections;
    private final String lockName;
    private final KafkaTemplate<String, String> kafka;
    private final EventsProperties.Relay settings;
    private final MeterRegistry meters;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    private volatile boolean running;
    private volatile boolean active;
    private volatile Thread thread;
    private Instant nextPrune = Instant.EPOCH;
    private Instant nextPendingCount = Instant.EPOCH;

    public OutboxRelay(JdbcClient jdbc, LockConnections lockConnections, String lockName,
            KafkaTemplate<String, String> kafka, EventsProperties.Relay settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.lockConnections = lockConnections;
        this.lockName = lockName;
        this.kafka = kafka;
        this.settings = settings;
        this.meters = meters;
        Gauge.builder("gantry.outbox.lag", lagMillis, value -> value.get() / 1000.0)
                .description("Age of the oldest event not yet published, in seconds")
                .baseUnit("seconds").register(meters);
        Gauge.builder("gantry.outbox.pending", pending, AtomicLong::get)
                .description("Events recorded but not yet published").register(meters);
    }

    /** Publish soon: called after a commit that recorded events. */
    public void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Whether this instance holds the relay lock right now. */
    public boolean isActive() {
        return active;
    }

    @Override
    public synchronized void start() {
        if (running || !settings.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().daemon().name("outbox-relay").start(this::run);
    }

    @Override
    public void stop() {
        Thread current;
        synchronized (this) {
            running = false;
            current = thread;
            thread = null;
        }
        if (current != null) {
            wakeUp();
            current.interrupt();
            try {
                current.join(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // after the Kafka listener containers and web server stop, so late commits still get published
        return Integer.MAX_VALUE - 2000;
    }

    private void run() {
        Duration backoff = settings.pollInterval();
        while (running) {
            try (Connection lock = lockConnections.open()) {
                if (!tryLock(lock)) {
                    await(Duration.ofSeconds(2));
                    continue;
                }
                active = true;
                nextPrune = Instant.EPOCH; // a relay that becomes active prunes first, then every 10 minutes
                log.info("Outbox relay active ({})", lockName);
                try {
                    relayWhileHolding(lock);
                } finally {
                    active = false;
                    unlock(lock);
                }
                backoff = settings.pollInterval();
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Outbox relay paused for {} ms: {}", backoff.toMillis(), e.toString());
                await(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void relayWhileHolding(Connection lock) throws SQLException {
        Duration backoff = settings.pollInterval();
        while (running) {
            RelayRound round = publishBatch();
            if (round.failed()) {
                log.warn("Publishing paused for {} ms: {}", backoff.toMillis(), round.failure());
                await(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                if (!lock.isValid(2)) {
                    throw new SQLException("Lost the relay lock connection");
                }
                continue;
            }
            backoff = settings.pollInterval();
            pruneWhenDue();
            if (round.published() < settings.batchSize()) {
                await(settings.pollInterval());
                if (!lock.isValid(2)) {
                    throw new SQLException("Lost the relay lock connection");
                }
            }
        }
    }

    private record Row(long id, UUID eventId, String topic, String type, UUID aggregateId, String payload,
            String traceparent, OffsetDateTime createdAt) {
    }

    private record RelayRound(int published, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /** Publishes one batch in id order; returns how many were acknowledged before the first failure. */
    RelayRound publishBatch() {
        List<Row> rows = jdbc.sql("""
                select id, event_id, topic, event_type, aggregate_id, payload, traceparent, created_at
                from outbox where published_at is null order by id limit :limit
                """)
                .param("limit", settings.batchSize())
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("event_id", UUID.class),
                        rs.getString("topic"), rs.getString("event_type"), rs.getObject("aggregate_id", UUID.class),
                        rs.getString("payload"), rs.getString("traceparent"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
        if (rows.isEmpty()) {
            lagMillis.set(0);
            pending.set(0);
            return new RelayRound(0, null);
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        String failure = null;
        for (Row row : rows) {
            try {
                sends.add(kafka.send(record(row)));
            } catch (RuntimeException e) { // metadata not available within max.block.ms: the broker is away
                failure = describe(e);
                break;
            }
        }
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                acknowledged.add(rows.get(i).id());
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure = describe(e);
                break;
            }
        }
        if (!acknowledged.isEmpty()) {
            jdbc.sql("update outbox set published_at = clock_timestamp() where id = any(:ids)")
                    .param("ids", acknowledged.toArray(Long[]::new))
                    .update();
            for (int i = 0; i < acknowledged.size(); i++) {
                Counter.builder("gantry.events.published").tag("type", rows.get(i).type()).register(meters)
                        .increment();
            }
        }
        updateLag(acknowledged.size() < rows.size() ? rows.get(acknowledged.size()).createdAt() : null);
        return new RelayRound(acknowledged.size(), failure);
    }

    private ProducerRecord<String, String> record(Row row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.aggregateId().toString(),
                row.payload());
        record.headers().add(new RecordHeader("ce_id", bytes(row.eventId().toString())));
        record.headers().add(new RecordHeader("ce_type", bytes(row.type())));
        record.headers().add(new RecordHeader("content-type", bytes(EventEnvelope.CONTENT_TYPE)));
        if (row.traceparent() != null) {
            record.headers().add(new RecordHeader("traceparent", bytes(row.traceparent())));
        }
        return record;
    }

    private void updateLag(OffsetDateTime oldestLeft) {
        if (oldestLeft == null) {
            oldestLeft = jdbc.sql("select created_at from outbox where published_at is null order by id limit 1")
                    .query(OffsetDateTime.class).optional().orElse(null);
        }
        lagMillis.set(oldestLeft == null ? 0
                : Math.max(0, Duration.between(oldestLeft.toInstant(), Instant.now()).toMillis()));
        // counting a backlog costs in proportion to it: at most every few seconds
        if (oldestLeft == null) {
            pending.set(0);
        } else if (Instant.now().isAfter(nextPendingCount)) {
            nextPendingCount = Instant.now().plus(PENDING_COUNT_EVERY);
            pending.set(jdbc.sql("select count(*) from outbox where published_at is null").query(Long.class).single());
        }
    }

    private void pruneWhenDue() {
        if (Instant.now().isBefore(nextPrune)) {
            return;
        }
        nextPrune = Instant.now().plus(PRUNE_EVERY);
        OffsetDateTime before = OffsetDateTime.now().minus(settings.retention());
        int outbox = jdbc.sql("delete from outbox where published_at < :before").param("before", before).update();
        int inbox = jdbc.sql("delete from processed_events where processed_at < :before").param("before", before)
                .update();
        if (outbox + inbox > 0) {
            log.info("Pruned {} published events and {} applied event ids older than {}", outbox, inbox,
                    settings.retention());
        }
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(hashtext(?))")) {
            statement.setString(1, lockName);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private void unlock(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(hashtext(?))")) {
            statement.setString(1, lockName);
            statement.execute();
        } catch (SQLException e) {
            // the lock ends with the connection, which is closed next
        }
    }

    private void await(Duration duration) {
        try {
            if (wakeUps.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUps.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure + " (" + root + ")";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
