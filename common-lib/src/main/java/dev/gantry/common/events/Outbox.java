package dev.gantry.common.events;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.Ids;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.trace.TraceContext;
import dev.gantry.events.EventEnvelope;
import dev.gantry.events.EventType;

/**
 * Records an event in the transaction of the change it describes; the {@link OutboxRelay} publishes it after commit.
 * So an event is published if and only if its change committed.
 */
public class Outbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final String source;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Runnable afterCommit;
    private final EventsProperties properties;

    public Outbox(JdbcClient jdbc, JsonMapper json, String source, Clock clock, MeterRegistry meters,
            EventsProperties properties, Runnable afterCommit) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.json = json;
        this.source = source;
        this.clock = clock;
        this.meters = meters;
        this.afterCommit = afterCommit;
    }

    /**
     * Records that something happened to an aggregate of the current tenant.
     *
     * @param aggregateVersion the aggregate's version after the change (1 for a new one)
     * @return the event id
     */
    public <T> UUID record(EventType<T> type, UUID aggregateId, long aggregateVersion, T payload) {
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("An event is recorded in the transaction of the change it describes");
        }
        UUID tenant = TenantContext.requireTenant();
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, Ids.newId(), type.name(), source,
                aggregateId.toString(), clock.instant(), "application/json", tenant, TenantContext.currentActor(),
                aggregateVersion, TraceContext.childTraceparent(), json.valueToTree(payload));
        jdbc.sql("""
                insert into outbox (event_id, topic, event_type, aggregate_id, aggregate_version, tenant_id, payload,
                                    traceparent, created_at)
                values (:eventId, :topic, :type, :aggregateId, :version, :tenantId, :payload, :traceparent, :createdAt)
                """)
                .param("eventId", envelope.id())
                .param("topic", properties.topic(type.topic()))
                .param("type", type.name())
                .param("aggregateId", aggregateId)
                .param("version", aggregateVersion)
                .param("tenantId", tenant)
                .param("payload", json.writeValueAsString(envelope))
                .param("traceparent", envelope.traceparent())
                .param("createdAt", envelope.time().atOffset(ZoneOffset.UTC))
                .update();
        Counter.builder("gantry.events.written").tag("type", type.name()).register(meters).increment();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.run();
            }
        });
        return envelope.id();
    }
}
