package dev.gantry.common.events;

import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.trace.TraceContext;
import dev.gantry.events.Event;
import dev.gantry.events.EventEnvelope;

/**
 * Hands each record to the handlers subscribed to its type, each in a transaction of the event's tenant that first
 * records the event id as applied by that handler: a redelivered event finds its id and changes nothing. Unknown
 * event types are skipped (a newer producer may know more kinds than this consumer).
 */
public class EventDispatcher implements MessageListener<String, String> {

    private final EventSubscriptions subscriptions;
    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final String service;

    public EventDispatcher(EventSubscriptions subscriptions, JsonMapper json, JdbcClient jdbc,
            TransactionTemplate transactions, MeterRegistry meters, String service) {
        this.subscriptions = subscriptions;
        this.json = json;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.meters = meters;
        this.service = service;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        EventEnvelope envelope = read(record);
        List<EventSubscriptions.Subscription<?>> handlers = subscriptions.of(envelope.type());
        if (handlers.isEmpty()) {
            count("ignored", envelope.type());
            return;
        }
        TraceContext.callIn(envelope.traceparent(), () -> {
            for (EventSubscriptions.Subscription<?> subscription : handlers) {
                apply(subscription, envelope);
            }
            return null;
        });
    }

    private EventEnvelope read(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new EventFormatException("Record without a value at " + position(record), null);
        }
        try {
            EventEnvelope envelope = json.readValue(record.value(), EventEnvelope.class);
            if (envelope.id() == null || envelope.type() == null || envelope.tenantid() == null
                    || envelope.subject() == null) {
                throw new EventFormatException("Event without id, type, subject or tenantid at " + position(record),
                        null);
            }
            return envelope;
        } catch (JacksonException e) {
            throw new EventFormatException("Not a CloudEvents JSON event at " + position(record), e);
        }
    }

    private <T> void apply(EventSubscriptions.Subscription<T> subscription, EventEnvelope envelope) {
        Event<T> event = new Event<>(envelope.id(), envelope.type(), envelope.tenantid(), envelope.actorid(),
                aggregateId(envelope), envelope.aggregateversion(), envelope.time(), envelope.traceparent(),
                payload(subscription, envelope));
        String consumer = service + ":" + subscription.handlerName();
        try {
            boolean applied = Boolean.TRUE.equals(TenantContext.callAs(envelope.tenantid(), envelope.actorid(),
                    () -> transactions.execute(status -> {
                        int fresh = jdbc.sql("""
                                insert into processed_events (consumer, event_id) values (:consumer, :eventId)
                                on conflict do nothing
                                """)
                                .param("consumer", consumer)
                                .param("eventId", envelope.id())
                                .update();
                        if (fresh == 0) {
                            return false;
                        }
                        subscription.handler().on(event);
                        return true;
                    })));
            count(applied ? "applied" : "duplicate", envelope.type());
        } catch (RuntimeException e) {
            count("failed", envelope.type());
            throw e;
        }
    }

    private <T> T payload(EventSubscriptions.Subscription<T> subscription, EventEnvelope envelope) {
        try {
            T payload = json.treeToValue(envelope.data(), subscription.type().payload());
            if (payload == null) {
                throw new EventFormatException("Event " + envelope.id() + " has no data", null);
            }
            return payload;
        } catch (JacksonException e) {
            throw new EventFormatException("Event " + envelope.id() + " has data that is not a "
                    + subscription.type().payload().getSimpleName(), e);
        }
    }

    private static UUID aggregateId(EventEnvelope envelope) {
        try {
            return UUID.fromString(envelope.subject());
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("Event " + envelope.id() + " has a subject that is not an id", e);
        }
    }

    private void count(String outcome, String type) {
        Counter.builder("gantry.events.consumed").tag("type", type).tag("outcome", outcome).register(meters)
                .increment();
    }

    private static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
