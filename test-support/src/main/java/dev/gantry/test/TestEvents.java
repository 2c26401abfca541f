package dev.gantry.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.events.EventEnvelope;
import dev.gantry.events.EventType;

/**
 * Events on the real broker for consumer tests: publish what another service would publish (until that service
 * exists, or to stage a case it never produces), and read a topic as an outside consumer would. Topic names get this
 * JVM's prefix, as the services under test use it.
 */
public final class TestEvents {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestEvents() {
    }

    /** The topic's name on the broker for this test JVM. */
    public static String topic(String catalogueTopic) {
        return GantryInfrastructure.TOPIC_PREFIX + catalogueTopic;
    }

    /** Publishes an event as its owning service would; returns its id. */
    public static <T> UUID publish(EventType<T> type, UUID tenantId, UUID aggregateId, long version, T payload) {
        UUID id = UUID.randomUUID();
        publish(type, id, tenantId, aggregateId, version, payload);
        return id;
    }

    /** Publishes an event with a given id, e.g. to deliver the same event twice. */
    public static <T> void publish(EventType<T> type, UUID eventId, UUID tenantId, UUID aggregateId, long version,
            T payload) {
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, eventId, type.name(), "test",
                aggregateId.toString(), Instant.now(), "application/json", tenantId, "test", version, null,
                JSON.valueToTree(payload));
        publishRaw(topic(type.topic()), aggregateId.toString(), JSON.writeValueAsString(envelope));
    }

    /** Publishes any bytes at all, e.g. a record that is not an event. */
    public static void publishRaw(String topic, String key, String value) {
        publishRaw(GantryInfrastructure.get().kafkaBootstrapServers(), topic, key, value);
    }

    public static void publishRaw(String bootstrapServers, String topic, String key, String value) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    /** Reads a topic from the beginning until the records read so far satisfy {@code done}. */
    public static List<ConsumerRecord<String, String>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        return readUntil(GantryInfrastructure.get().kafkaBootstrapServers(), topic, done, timeout);
    }

    public static List<ConsumerRecord<String, String>> readUntil(String bootstrapServers, String topic,
            Predicate<List<ConsumerRecord<String, String>>> done, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                consumerConfig(bootstrapServers, "test-reader-" + UUID.randomUUID()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Gave up reading " + topic + " after " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** A consumer configuration: from the beginning, no automatic commits. */
    public static Properties consumerConfig(String bootstrapServers, String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return config;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
