package dev.gantry.common.events;

import java.sql.DriverManager;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.kafka.GantryKafkaAutoConfiguration;
import dev.gantry.common.kafka.SharedAdminClient;
import dev.gantry.events.Topics;

/**
 * The event backbone of a service: the outbox and its relay for what it publishes, and for what it consumes (when
 * it declares {@link EventSubscriptions}) a listener container with retries and a dead-letter topic.
 */
@AutoConfiguration(after = GantryKafkaAutoConfiguration.class, afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration"})
@ConditionalOnClass({KafkaTemplate.class, JdbcClient.class, MeterRegistry.class, DataSourceProperties.class})
@ConditionalOnBean({DataSource.class, ProducerFactory.class})
@EnableConfigurationProperties(EventsProperties.class)
public class GantryEventsAutoConfiguration {

    @Bean
    @SuppressWarnings("unchecked")
    KafkaTemplate<String, String> gantryEventTemplate(ProducerFactory<?, ?> producerFactory) {
        return new KafkaTemplate<>((ProducerFactory<String, String>) producerFactory);
    }

    @Bean
    OutboxRelay outboxRelay(JdbcClient jdbc, DataSourceProperties dataSource,
            KafkaTemplate<String, String> gantryEventTemplate, EventsProperties properties, MeterRegistry meters,
            @Value("${gantry.database.schema}") String schema) {
        String url = dataSource.determineUrl();
        String username = dataSource.determineUsername();
        String password = dataSource.determinePassword();
        return new OutboxRelay(jdbc, () -> DriverManager.getConnection(url, username, password),
                "gantry-outbox-relay:" + schema, gantryEventTemplate, properties.relay(), meters);
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, JsonMapper json, @Value("${spring.application.name}") String service, Clock clock,
            MeterRegistry meters, EventsProperties properties, OutboxRelay relay) {
        return new Outbox(jdbc, json, service, clock, meters, properties, relay::wakeUp);
    }

    @Bean
    KafkaAdmin.NewTopics gantryTopics(EventsProperties properties, ObjectProvider<EventSubscriptions> subscriptions) {
        return new KafkaAdmin.NewTopics(topicsOf(properties, subscriptions.getIfAvailable()).stream()
                .map(topic -> new NewTopic(topic, properties.partitions(), properties.replicationFactor()))
                .toArray(NewTopic[]::new));
    }

    @Bean
    DeadLetterMetrics deadLetterMetrics(SharedAdminClient admin, EventsProperties properties,
            ObjectProvider<EventSubscriptions> subscriptions, MeterRegistry meters) {
        Set<String> deadLetters = new LinkedHashSet<>();
        topicsOf(properties, subscriptions.getIfAvailable()).stream().filter(t -> t.endsWith(".dlq"))
                .forEach(deadLetters::add);
        return new DeadLetterMetrics(admin, deadLetters, meters);
    }

    @Bean
    @ConditionalOnBean(EventSubscriptions.class)
    EventDispatcher eventDispatcher(EventSubscriptions subscriptions, JsonMapper json, JdbcClient jdbc,
            TransactionTemplate transactions, MeterRegistry meters,
            @Value("${spring.application.name}") String service) {
        return new EventDispatcher(subscriptions, json, jdbc, transactions, meters, service);
    }

    @Bean
    @ConditionalOnBean(EventSubscriptions.class)
    DefaultErrorHandler gantryEventErrorHandler(KafkaTemplate<String, String> gantryEventTemplate,
            EventsProperties properties, MeterRegistry meters) {
        return EventConsumers.errorHandler(gantryEventTemplate, properties.consumer(), meters);
    }

    @Bean
    @ConditionalOnBean(EventSubscriptions.class)
    @SuppressWarnings("unchecked")
    ConcurrentMessageListenerContainer<String, String> gantryEventListenerContainer(
            ConsumerFactory<?, ?> consumerFactory, EventSubscriptions subscriptions, EventDispatcher dispatcher,
            DefaultErrorHandler gantryEventErrorHandler, EventsProperties properties,
            @Value("${spring.application.name}") String service) {
        return EventConsumers.container((ConsumerFactory<String, String>) consumerFactory, subscriptions, dispatcher,
                gantryEventErrorHandler, properties,
                properties.consumer().groupId() == null ? service : properties.consumer().groupId());
    }

    private static Set<String> topicsOf(EventsProperties properties, EventSubscriptions subscriptions) {
        Set<String> topics = new LinkedHashSet<>();
        if (properties.publishTopic() != null) {
            topics.add(properties.topic(properties.publishTopic()));
            topics.add(Topics.deadLetter(properties.topic(properties.publishTopic())));
        }
        if (subscriptions != null) {
            for (String topic : subscriptions.topics()) {
                topics.add(properties.topic(topic));
                topics.add(Topics.deadLetter(properties.topic(topic)));
            }
        }
        return topics;
    }
}
