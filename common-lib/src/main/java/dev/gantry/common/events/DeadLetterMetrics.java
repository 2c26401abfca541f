package dev.gantry.common.events;

import java.time.Duration;
import java.util.HashMap;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.gantry.common.kafka.SharedAdminClient;

/** How many events wait on each dead-letter topic this service feeds: {@code gantry.events.dead.letters}. */
public class DeadLetterMetrics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);
    private static final Duration EVERY = Duration.ofSeconds(30);

    private final SharedAdminClient admin;
    private final Set<String> deadLetterTopics;
    private final Map<String, AtomicLong> sizes = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    public DeadLetterMetrics(SharedAdminClient admin, Set<String> deadLetterTopics, MeterRegistry meters) {
        this.admin = admin;
        this.deadLetterTopics = Set.copyOf(deadLetterTopics);
        for (String topic : this.deadLetterTopics) {
            AtomicLong size = new AtomicLong();
            sizes.put(topic, size);
            Gauge.builder("gantry.events.dead.letters", size, AtomicLong::get).tag("topic", topic)
                    .description("Events parked on a dead-letter topic").register(meters);
        }
    }

    /** Reads the current sizes now; the metric refreshes itself every 30 s. */
    public void refresh() {
        try {
            var descriptions = admin.get().describeTopics(deadLetterTopics).allTopicNames().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            descriptions.forEach((topic, description) -> description.partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                    admin.get().listOffsets(earliest).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.get().listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            Map<String, Long> totals = new HashMap<>();
            ends.forEach((partition, end) -> totals.merge(partition.topic(),
                    end.offset() - starts.get(partition).offset(), Long::sum));
            totals.forEach((topic, total) -> sizes.get(topic).set(total));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Dead-letter sizes not refreshed: {}", e.toString());
        }
    }

    public long size(String deadLetterTopic) {
        return sizes.getOrDefault(deadLetterTopic, new AtomicLong(-1)).get();
    }

    @Override
    public synchronized void start() {
        if (scheduler == null && !deadLetterTopics.isEmpty()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("dead-letter-metrics").factory());
            scheduler.scheduleWithFixedDelay(this::refresh, 5, EVERY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
