package dev.gantry.search.indexing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Index freshness: the time from an event's source commit (its {@code time}) until what it changed is searchable.
 * Written documents become searchable at the next refresh of the index; rather than waiting for Elasticsearch's
 * periodic refresh (which also pauses on idle shards), this refreshes once per interval when something was written,
 * and records each write's freshness when that refresh has returned, i.e. when it really is searchable.
 */
@Component
public class Freshness implements SmartLifecycle {

    public static final String METRIC = "gantry.search.freshness";
    private static final Logger log = LoggerFactory.getLogger(Freshness.class);

    private final SearchIndex index;
    private final Clock clock;
    private final Duration interval;
    private final Timer timer;
    private final ConcurrentLinkedQueue<Instant> pending = new ConcurrentLinkedQueue<>();
    private ScheduledExecutorService refresher;

    Freshness(SearchIndex index, Clock clock, MeterRegistry meters,
            @Value("${gantry.search.refresh-interval:200ms}") Duration interval) {
        this.index = index;
        this.clock = clock;
        this.interval = interval;
        this.timer = Timer.builder(METRIC)
                .description("Time from the source commit of an event to its change being searchable")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(meters);
    }

    /** Notes a write acknowledged by Elasticsearch for an event of that time. */
    public void written(Instant eventTime) {
        pending.add(eventTime);
    }

    void refreshPending() {
        if (pending.isEmpty()) {
            return;
        }
        List<Instant> batch = new ArrayList<>();
        for (Instant at = pending.poll(); at != null; at = pending.poll()) {
            batch.add(at);
        }
        try {
            for (String target : index.writeTargets()) {
                index.refresh(target);
            }
            Instant searchable = clock.instant();
            batch.forEach(at -> timer.record(Duration.between(at, searchable).isNegative() ? Duration.ZERO
                    : Duration.between(at, searchable)));
        } catch (RuntimeException e) {
            log.warn("Refreshing the search index failed; trying again in {}: {}", interval, e.toString());
            pending.addAll(batch);
        }
    }

    @Override
    public synchronized void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("search-refresh").daemon()
                .factory());
        refresher.scheduleWithFixedDelay(this::refreshPending, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return refresher != null;
    }
}
