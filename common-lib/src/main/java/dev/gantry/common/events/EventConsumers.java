package dev.gantry.common.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

import dev.gantry.events.Topics;

/** How a service's event consumer is put together: the listener container and its retry and dead-letter policy. */
public final class EventConsumers {

    private EventConsumers() {
    }

    /**
     * Retries a failing event with exponential backoff, then parks it on {@code <topic>.dlq} with the exception in the
     * headers; an unreadable record goes there at once.
     */
    public static DefaultErrorHandler errorHandler(KafkaTemplate<String, String> template,
            EventsProperties.Consumer settings, MeterRegistry meters) {
        DeadLetterPublishingRecoverer toDeadLetters = new DeadLetterPublishingRecoverer(template,
                (record, exception) -> new TopicPartition(Topics.deadLetter(record.topic()), -1));
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(settings.maxAttempts() - 1);
        backOff.setInitialInterval(settings.initialBackoff().toMillis());
        backOff.setMultiplier(2);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            // name the handler's own failure in the dead-letter headers, not Spring's wrapper around it
            Exception cause = exception instanceof ListenerExecutionFailedException wrapper
                    && wrapper.getCause() instanceof Exception inner ? inner : exception;
            toDeadLetters.accept(record, cause);
            Counter.builder("gantry.events.dead.lettered").tag("topic", record.topic()).register(meters).increment();
        }, backOff);
        handler.addNotRetryableExceptions(EventFormatException.class);
        return handler;
    }

    /** One container for every topic the subscriptions name, committing offsets after each processed batch. */
    public static ConcurrentMessageListenerContainer<String, String> container(
            ConsumerFactory<String, String> consumerFactory, EventSubscriptions subscriptions,
            MessageListener<String, String> listener, DefaultErrorHandler errorHandler, EventsProperties properties,
            String groupId) {
        ContainerProperties container = new ContainerProperties(
                subscriptions.topics().stream().map(properties::topic).toArray(String[]::new));
        container.setGroupId(groupId);
        container.setMessageListener(listener);
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        var listenerContainer = new ConcurrentMessageListenerContainer<>(consumerFactory, container);
        listenerContainer.setConcurrency(properties.consumer().concurrency());
        listenerContainer.setCommonErrorHandler(errorHandler);
        listenerContainer.setBeanName("gantryEventListenerContainer");
        return listenerContainer;
    }
}
