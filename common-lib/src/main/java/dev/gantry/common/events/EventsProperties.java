package dev.gantry.common.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a service publishes and consumes events.
 *
 * @param topicPrefix put before every topic name, so that test runs sharing one broker never see each other's events
 * @param publishTopic the topic this service owns and creates (with its dead-letter topic); null if it publishes none
 * @param partitions partitions of the topics this service creates
 * @param replicationFactor replicas of the topics this service creates (1 locally, 3 in a cluster)
 * @param relay the outbox relay
 * @param consumer the event consumer
 */
@ConfigurationProperties("gantry.events")
public record EventsProperties(String topicPrefix, String publishTopic, Integer partitions, Short replicationFactor, Relay relay,
        Consumer consumer) {

    public EventsProperties {
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        partitions = partitions == null ? 6 : partitions;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        relay = relay == null ? new Relay(null, null, null, null) : relay;
        consumer = consumer == null ? new Consumer(null, null, null, null) : consumer;
    }

    /** The name a catalogue topic has on the broker. */
    public String topic(String catalogueTopic) {
        return topicPrefix + catalogueTopic;
    }

    /**
     * @param enabled whether this instance may relay (every instance competes; one at a time wins)
     * @param pollInterval how often the active relay looks for events when no commit woke it
     * @param batchSize events published per round trip
     * @param retention how long published events stay in the outbox (and applied event ids in the inbox)
     */
    public record Relay(Boolean enabled, Duration pollInterval, Integer batchSize, Duration retention) {
        public Relay {
            enabled = enabled == null || enabled;
            pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
            batchSize = batchSize == null ? 200 : batchSize;
            retention = retention == null ? Duration.ofDays(7) : retention;
        }
    }

    /**
     * @param groupId the consumer group (default: the application name)
     * @param concurrency consumer threads
     * @param maxAttempts attempts of a failing event before it is parked on the dead-letter topic
     * @param initialBackoff the first retry's wait, doubling up to 10 s
     */
    public record Consumer(String groupId, Integer concurrency, Integer maxAttempts, Duration initialBackoff) {
        public Consumer {
            concurrency = concurrency == null ? 2 : concurrency;
            maxAttempts = maxAttempts == null ? 6 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
        }
    }
}
