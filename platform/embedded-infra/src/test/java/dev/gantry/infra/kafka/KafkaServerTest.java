package dev.gantry.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.gantry.infra.RepoLayout;

class KafkaServerTest {

    private static final String TOPIC = "gantry.kafka-server-test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void dataSurvivesRestartAndBrokerIsReallyDownWhenStopped() throws Exception {
        Path nodeHome = RepoLayout.locate().kafkaNodeHome();
        int[] ports = freePorts();
        Path logFile = tmp.resolve("kafka.log");

        long t0 = System.nanoTime();
        try (KafkaServer kafka = KafkaServer.start(nodeHome, tmp.resolve("data"), ports[0], ports[1], logFile,
                START_TIMEOUT)) {
            report("start", t0, kafka);
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + ports[0]);
            assertThat(kafka.isRunning()).isTrue();

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(TOPIC).partitions()).hasSize(6);
            }

            Set<String> sent = new HashSet<>();
            try (KafkaProducer<String, String> producer = producer(kafka, Duration.ofSeconds(10))) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String value = "record-" + i;
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, "key-" + i, value)));
                    sent.add(value);
                }
                producer.flush();
                Set<Integer> partitions = new HashSet<>();
                for (Future<RecordMetadata> ack : acks) {
                    partitions.add(ack.get(15, TimeUnit.SECONDS).partition());
                }
                assertThat(partitions).hasSizeGreaterThan(1);
            }

            long pidBefore = kafka.pid();
            kafka.stop();
            kafka.stop(); // idempotent
            assertThat(kafka.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pidBefore).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            // Broker really down: a produce fails fast with short client timeouts.
            long down = System.nanoTime();
            try (KafkaProducer<String, String> producer = producer(kafka, Duration.ofSeconds(2))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, "k", "lost"))
                        .get(10, TimeUnit.SECONDS))
                        .isInstanceOfAny(java.util.concurrent.ExecutionException.class,
                                org.apache.kafka.common.errors.TimeoutException.class);
                producer.close(Duration.ZERO);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - down)).isLessThan(Duration.ofSeconds(10));

            long t1 = System.nanoTime();
            kafka.restart(START_TIMEOUT);
            report("restart", t1, kafka);
            assertThat(kafka.pid()).isNotEqualTo(pidBefore);

            try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
                consumer.subscribe(List.of(TOPIC));
                Set<String> received = poll(consumer, sent.size(), Duration.ofSeconds(30));
                assertThat(received).isEqualTo(sent);

                try (KafkaProducer<String, String> producer = producer(kafka, Duration.ofSeconds(10))) {
                    producer.send(new ProducerRecord<>(TOPIC, "after", "after-restart")).get(15, TimeUnit.SECONDS);
                }
                assertThat(poll(consumer, 1, Duration.ofSeconds(20))).containsExactly("after-restart");
            }
        }
        assertThat(Files.readString(logFile)).contains("Kafka Server started");
    }

    private static Set<String> poll(KafkaConsumer<String, String> consumer, int count, Duration max) {
        Set<String> values = new HashSet<>();
        long deadline = System.nanoTime() + max.toNanos();
        while (values.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                values.add(record.value());
            }
        }
        return values;
    }

    private static KafkaProducer<String, String> producer(KafkaServer kafka, Duration timeout) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(props);
    }

    private static KafkaConsumer<String, String> consumer(KafkaServer kafka) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kafka-server-test");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    private static void report(String what, long t0, KafkaServer kafka) {
        String rss = "?";
        Path status = Path.of("/proc", Long.toString(kafka.pid()), "status");
        try {
            if (Files.exists(status)) {
                rss = Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                        .map(l -> l.substring(6).trim()).findFirst().orElse("?");
            }
        } catch (IOException ignored) {
            // informational only
        }
        System.out.printf("Kafka %s: %d ms, pid %d, RSS %s%n", what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), kafka.pid(), rss);
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(); ServerSocket b = new ServerSocket()) {
            a.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            b.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
