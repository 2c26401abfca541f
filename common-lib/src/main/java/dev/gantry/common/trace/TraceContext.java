package dev.gantry.common.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

import org.slf4j.MDC;

import dev.gantry.common.web.RequestCorrelation;

/**
 * The W3C trace the current work belongs to, kept in the logging context: set from the request's
 * {@code traceparent} by the web filter and from an event's by the event consumer, and read when an event is
 * recorded, so one trace id follows a change from the HTTP request through Kafka into every consumer.
 */
public final class TraceContext {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceContext() {
    }

    /** A traceparent for work caused by the current one: same trace id, new span; null outside any trace. */
    public static String childTraceparent() {
        String traceId = MDC.get(RequestCorrelation.MDC_TRACE_ID);
        if (traceId == null) {
            return null;
        }
        byte[] span = new byte[8];
        RANDOM.nextBytes(span);
        return "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    /** Runs work inside the trace of a traceparent (a fresh trace when it is missing or malformed). */
    public static <T> T callIn(String traceparent, Supplier<T> work) {
        String previous = MDC.get(RequestCorrelation.MDC_TRACE_ID);
        MDC.put(RequestCorrelation.MDC_TRACE_ID, RequestCorrelation.traceIdOrNew(traceparent));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                MDC.remove(RequestCorrelation.MDC_TRACE_ID);
            } else {
                MDC.put(RequestCorrelation.MDC_TRACE_ID, previous);
            }
        }
    }
}
