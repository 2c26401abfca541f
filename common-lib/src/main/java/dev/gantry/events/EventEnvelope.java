package dev.gantry.events;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A CloudEvents 1.0 event in structured JSON mode, with Gantry's extension attributes.
 *
 * @param subject the aggregate id; also the Kafka key, so one aggregate's events stay in order
 * @param aggregateversion increases by one with every change of the aggregate, for consumers to drop stale events
 * @param traceparent W3C trace context of the request that caused the event
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        String specversion,
        UUID id,
        String type,
        String source,
        String subject,
        Instant time,
        String datacontenttype,
        UUID tenantid,
        String actorid,
        long aggregateversion,
        String traceparent,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
}
