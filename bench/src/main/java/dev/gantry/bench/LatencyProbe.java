package dev.gantry.bench;

import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches, by aggregate id (the project id, also the Kafka key), the producer's commit with the consumer's receipt
 * of the record and the commit of its effect, all on this JVM's {@code System.nanoTime}. The order of the calls does
 * not matter (a relay poll can in principle run between a commit and its after-commit callback).
 */
final class LatencyProbe {

    /** The latencies of the events committed during one measurement. */
    static final class Window {
        final Samples commitToEffect = new Samples();
        final Samples commitToReceive = new Samples();
        final Samples receiveToEffect = new Samples();
        /** Producer commit (wall clock) to the record's CreateTime, i.e. the relay's send(): millisecond resolution. */
        final Samples commitToRelaySendMillis = new Samples();
        /** Producer commit to a plain KafkaConsumer of the same topic (when tapping). */
        final Samples commitToTap = new Samples();
        final AtomicLong committed = new AtomicLong();

        long completed() {
            return commitToEffect.size();
        }
    }

    private static final class Trace {
        Window window;
        boolean hasCommit;
        long commitNanos;
        long commitMillis;
        boolean hasReceive;
        long receiveNanos;
        long sendMillis;
        boolean hasEffect;
        long effectNanos;
        boolean hasTap;
        long tapNanos;
    }

    private final ConcurrentHashMap<UUID, Trace> traces = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();

    /** Called right after the producer's transaction committed (its first after-commit callback). */
    void committed(UUID aggregateId, Window window) {
        long nanos = System.nanoTime();
        long millis = System.currentTimeMillis();
        window.committed.incrementAndGet();
        Trace trace = traces.computeIfAbsent(aggregateId, id -> new Trace());
        synchronized (trace) {
            trace.window = window;
            trace.hasCommit = true;
            trace.commitNanos = nanos;
            trace.commitMillis = millis;
            completeIfDone(aggregateId, trace);
        }
    }

    /** Called when the consumer's listener is handed the record, before the dispatcher runs. */
    void received(UUID aggregateId, long recordTimestampMillis) {
        long nanos = System.nanoTime();
        Trace trace = traces.computeIfAbsent(aggregateId, id -> new Trace());
        synchronized (trace) {
            if (!trace.hasReceive) {
                trace.hasReceive = true;
                trace.receiveNanos = nanos;
                trace.sendMillis = recordTimestampMillis;
            }
        }
    }

    /** Called right after the handler's transaction (effect + processed_events) committed. */
    void applied(UUID aggregateId) {
        long nanos = System.nanoTime();
        applied.incrementAndGet();
        Trace trace = traces.computeIfAbsent(aggregateId, id -> new Trace());
        synchronized (trace) {
            trace.hasEffect = true;
            trace.effectNanos = nanos;
            completeIfDone(aggregateId, trace);
        }
    }

    /** Called when a plain consumer of the events topic (another group) polled the record. */
    void tapped(UUID aggregateId, long nanos) {
        Trace trace = traces.computeIfAbsent(aggregateId, id -> new Trace());
        synchronized (trace) {
            trace.hasTap = true;
            trace.tapNanos = nanos;
        }
    }

    long appliedTotal() {
        return applied.get();
    }

    private void completeIfDone(UUID aggregateId, Trace trace) {
        if (!trace.hasCommit || !trace.hasEffect) {
            return;
        }
        traces.remove(aggregateId);
        Window window = trace.window;
        window.commitToEffect.add(trace.effectNanos - trace.commitNanos);
        if (trace.hasReceive) {
            window.commitToReceive.add(trace.receiveNanos - trace.commitNanos);
            window.receiveToEffect.add(trace.effectNanos - trace.receiveNanos);
            window.commitToRelaySendMillis.add(trace.sendMillis - trace.commitMillis);
        }
        if (trace.hasTap) {
            window.commitToTap.add(trace.tapNanos - trace.commitNanos);
        }
    }

    /** A growing list of longs, safe to add to from several threads. */
    static final class Samples {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized int size() {
            return size;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
