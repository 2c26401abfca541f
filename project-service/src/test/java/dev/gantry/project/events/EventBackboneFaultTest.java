package dev.gantry.project.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.events.DeadLetterMetrics;
import dev.gantry.common.events.EventDispatcher;
import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.common.events.EventsProperties;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.events.OutboxRelay;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.Topics;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.infra.FreePorts;
import dev.gantry.infra.RepoLayout;
import dev.gantry.infra.kafka.KafkaServer;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/**
 * The event backbone under faults, against a broker of this test's own (so that it can be stopped) and the real
 * database: nothing acknowledged is lost, nothing is applied twice, a poison event does not block the ones after it,
 * and two relays never publish at the same time.
 */
@GantryIntegrationTest
@Import(EventBackboneFaultTest.Handlers.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class EventBackboneFaultTest {

    private static KafkaServer broker;

    /** Test handlers of project.created: one counts effects, one fails twice, one always fails for doomed projects. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Handlers {

        static final Map<UUID, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();
        static final Map<UUID, String> TRACE_IDS = new ConcurrentHashMap<>();

        /** Replaces the service's subscriptions in this test's own context, keeping them and adding the probes. */
        @Bean
        @org.springframework.context.annotation.Primary
        EventSubscriptions faultTestSubscriptions(JdbcClient jdbc,
                @org.springframework.beans.factory.annotation.Qualifier("eventSubscriptions") EventSubscriptions eventSubscriptions) {
            return EventSubscriptions.builder()
                    .include(eventSubscriptions)
                    .on(ProjectEvents.CREATED, "effect-counter", event -> count(jdbc, "effect-counter",
                            event.aggregateId()))
                    .on(ProjectEvents.CREATED, "flaky", event -> {
                        if (event.payload().name().startsWith("Flaky")
                                && FLAKY_ATTEMPTS.computeIfAbsent(event.aggregateId(), id -> new AtomicInteger())
                                        .incrementAndGet() < 3) {
                            throw new IllegalStateException("transient failure");
                        }
                        count(jdbc, "flaky", event.aggregateId());
                    })
                    .on(ProjectEvents.CREATED, "trace-probe", event -> TRACE_IDS.put(event.aggregateId(),
                            String.valueOf(org.slf4j.MDC.get("traceId"))))
                    .on(ProjectEvents.CREATED, "always-fails", event -> {
                        if (event.payload().name().startsWith("Doomed")) {
                            throw new IllegalStateException("broken handler");
                        }
                    })
                    .build();
        }
    }

    static void count(JdbcClient jdbc, String handler, UUID projectId) {
        jdbc.sql("""
                insert into test_event_effects (handler, project_id, applied) values (:handler, :projectId, 1)
                on conflict (handler, project_id) do update set applied = test_event_effects.applied + 1
                """)
                .param("handler", handler).param("projectId", projectId).update();
    }

    @DynamicPropertySource
    static void ownBroker(DynamicPropertyRegistry registry) {
        registry.add("gantry.infra.kafka.bootstrap-servers", () -> broker().bootstrapServers());
    }

    private static synchronized KafkaServer broker() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("gantry-fault-broker-");
                broker = KafkaServer.start(RepoLayout.locate().kafkaNodeHome(), dir.resolve("data"), FreePorts.find(),
                        FreePorts.find(), dir.resolve("kafka.log"), Duration.ofSeconds(90));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return broker;
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    EventsProperties events;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    KafkaTemplate<String, String> gantryEventTemplate;

    @Autowired
    DataSourceProperties dataSource;

    @Autowired
    DeadLetterMetrics deadLetters;

    RestTestClient http;
    TestTenant tenant = TestTenant.create();
    String token = tenant.token("MEMBER");

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void nothingIsLostOrAppliedTwiceWhenTheBrokerStopsMidStream() throws Exception {
        int total = 1000;
        List<UUID> created = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean brokerDown = new AtomicBoolean();
        AtomicInteger createdWhileDown = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < total; i++) {
            String key = "M" + i;
            clients.submit(() -> {
                created.add(create(key, "Mid-stream " + key));
                if (brokerDown.get()) {
                    createdWhileDown.incrementAndGet();
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> created.size() >= total * 3 / 10);
        broker.stop();
        brokerDown.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(3, TimeUnit.MINUTES)).isTrue();
        assertThat(created).hasSize(total);
        assertThat(createdWhileDown.get()).as("creates that succeeded while the broker was down").isPositive();
        Long waiting = jdbc.sql("select count(*) from outbox where published_at is null").query(Long.class).single();
        assertThat(waiting).as("events waiting in the outbox while the broker is down").isPositive();

        broker.restart(Duration.ofSeconds(90));

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, Long> effects = effects("effect-counter", created);
            assertThat(effects.get("rows")).as("projects whose effect was applied").isEqualTo(total);
            assertThat(effects.get("max")).as("most times one effect was applied").isEqualTo(1);
        });
        List<ConsumerRecord<String, String>> onTopic = TestEvents.readUntil(broker.bootstrapServers(),
                events.topic(Topics.PROJECTS), records -> records.stream().map(ConsumerRecord::key)
                        .collect(Collectors.toSet()).containsAll(created.stream().map(UUID::toString).toList()),
                Duration.ofSeconds(60));
        assertThat(onTopic.stream().filter(r -> created.contains(UUID.fromString(r.key())))
                .map(r -> TestEvents.header(r, "ce_id")).distinct().count()).isEqualTo(total);
    }

    @Test
    void theConsumerWorksInTheTraceOfTheRequestThatCausedTheEvent() {
        String traceId = "5c1e4a3b2d1f40e98c7b6a5f4e3d2c1b";
        byte[] body = http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("traceparent", "00-" + traceId + "-1a2b3c4d5e6f7081-01")
                .contentType(MediaType.APPLICATION_JSON).body("{\"key\":\"TRC\",\"name\":\"Traced\"}")
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody();
        UUID projectId = UUID.fromString(JsonPath.read(new String(body, StandardCharsets.UTF_8), "$.id"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(Handlers.TRACE_IDS.get(projectId)).isEqualTo(traceId));
    }

    @Test
    void aConsumerThatDiesAfterItsEffectGetsTheEventAgainAndChangesNothing() {
        EventSubscriptions probe = EventSubscriptions.builder()
                .on(ProjectEvents.CREATED, "redelivery-probe", event -> count(jdbc, "redelivery-probe",
                        event.aggregateId()))
                .build();
        EventDispatcher dispatcher = new EventDispatcher(probe, json, jdbc, transactions, meters, "project-service");
        UUID projectId = create("DIE", "Consumer dies");
        String group = "probe-" + UUID.randomUUID();
        String topic = events.topic(Topics.PROJECTS);

        ConsumerRecord<String, String> first;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                TestEvents.consumerConfig(broker.bootstrapServers(), group))) {
            first = pollFor(consumer, topic, projectId);
            consumer.commitSync(Map.of(new TopicPartition(first.topic(), first.partition()),
                    new OffsetAndMetadata(first.offset())));
            dispatcher.onMessage(first);
            // the consumer dies here: its effect is committed, the offset of the event is not
        }
        assertThat(applied("redelivery-probe", projectId)).isEqualTo(1);

        ConsumerRecord<String, String> again;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                TestEvents.consumerConfig(broker.bootstrapServers(), group))) {
            again = pollFor(consumer, topic, projectId);
        }
        assertThat(again.partition()).isEqualTo(first.partition());
        assertThat(again.offset()).as("the same record was delivered again").isEqualTo(first.offset());

        dispatcher.onMessage(again);
        assertThat(applied("redelivery-probe", projectId)).isEqualTo(1);
        Long recorded = jdbc.sql("""
                select count(*) from processed_events
                where consumer = 'project-service:redelivery-probe' and event_id = :id
                """).param("id", UUID.fromString(TestEvents.header(first, "ce_id"))).query(Long.class).single();
        assertThat(recorded).isEqualTo(1);
    }

    @Test
    void poisonAndFailingEventsAreParkedAndTheFollowingOnesStillApplied() {
        String topic = events.topic(Topics.PROJECTS);
        String poisonKey = UUID.randomUUID().toString();
        TestEvents.publishRaw(broker.bootstrapServers(), topic, poisonKey, "{\"this is\": not an event");
        UUID doomed = create("DOOM", "Doomed project");
        UUID flaky = create("FLK", "Flaky project");
        UUID after = create("AFTER", "After the poison");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(applied("effect-counter", after)).isEqualTo(1);
            assertThat(applied("flaky", flaky)).isEqualTo(1);
        });
        assertThat(Handlers.FLAKY_ATTEMPTS.get(flaky).get()).as("attempts of the flaky handler").isEqualTo(3);
        assertThat(applied("effect-counter", doomed)).as("other handlers of the doomed event").isEqualTo(1);

        List<ConsumerRecord<String, String>> parked = TestEvents.readUntil(broker.bootstrapServers(),
                Topics.deadLetter(topic), records -> keys(records).containsAll(Set.of(poisonKey, doomed.toString())),
                Duration.ofSeconds(60));
        ConsumerRecord<String, String> poison = byKey(parked, poisonKey);
        assertThat(TestEvents.header(poison, "kafka_dlt-exception-fqcn"))
                .isEqualTo("dev.gantry.common.events.EventFormatException");
        assertThat(TestEvents.header(poison, "kafka_dlt-original-topic")).isEqualTo(topic);
        assertThat(poison.value()).isEqualTo("{\"this is\": not an event");
        ConsumerRecord<String, String> failed = byKey(parked, doomed.toString());
        assertThat(TestEvents.header(failed, "kafka_dlt-exception-fqcn")).isEqualTo("java.lang.IllegalStateException");
        assertThat(TestEvents.header(failed, "kafka_dlt-exception-message")).contains("broken handler");
        assertThat(TestEvents.header(failed, "ce_type")).isEqualTo("gantry.project.created.v1");
        assertThat(keys(parked)).doesNotContain(flaky.toString(), after.toString());

        deadLetters.refresh();
        assertThat(deadLetters.size(Topics.deadLetter(topic))).isGreaterThanOrEqualTo(2);
        String metrics = http.get().uri("/actuator/prometheus").exchange().returnResult(String.class)
                .getResponseBody();
        assertThat(metrics).contains("gantry_events_dead_lettered_total").contains("gantry_events_dead_letters{");
    }

    @Test
    void twoRelaysNeverPublishAtOnceAndKeepEachAggregatesOrder() throws Exception {
        OutboxRelay second = new OutboxRelay(jdbc, () -> DriverManager.getConnection(dataSource.determineUrl(),
                dataSource.determineUsername(), dataSource.determinePassword()), "gantry-outbox-relay:projects",
                gantryEventTemplate, events.relay(), new SimpleMeterRegistry());
        AtomicInteger mostActiveAtOnce = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                int active = (relay.isActive() ? 1 : 0) + (second.isActive() ? 1 : 0);
                mostActiveAtOnce.accumulateAndGet(active, Math::max);
                Thread.onSpinWait();
            }
        });
        second.start();
        List<UUID> aggregates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            aggregates.add(UUID.randomUUID());
        }
        int versions = 15;
        try {
            for (int version = 1; version <= versions; version++) {
                for (UUID aggregate : aggregates) {
                    record(aggregate, version);
                }
                if (version == versions / 2) { // the active relay goes away mid-stream; the other takes over
                    (relay.isActive() ? relay : second).stop();
                }
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jdbc.sql("""
                    select count(*) from outbox where aggregate_id = any(:ids) and published_at is null
                    """).param("ids", aggregates.toArray(UUID[]::new)).query(Long.class).single()).isZero());
        } finally {
            second.stop();
            relay.start();
            sampling.set(false);
            sampler.join();
        }
        assertThat(mostActiveAtOnce.get()).as("relays active at the same moment").isEqualTo(1);

        Set<String> keys = aggregates.stream().map(UUID::toString).collect(Collectors.toSet());
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(broker.bootstrapServers(),
                events.topic(Topics.PROJECTS), read -> read.stream().filter(r -> keys.contains(r.key())).count()
                        >= (long) aggregates.size() * versions, Duration.ofSeconds(60));
        Map<String, List<Integer>> versionsByAggregate = new LinkedHashMap<>();
        records.stream().filter(r -> keys.contains(r.key())).forEach(r -> versionsByAggregate
                .computeIfAbsent(r.key(), k -> new ArrayList<>())
                .add(JsonPath.read(r.value(), "$.aggregateversion")));
        for (var entry : versionsByAggregate.entrySet()) {
            List<Integer> firstSeen = entry.getValue().stream().distinct().toList();
            assertThat(firstSeen).as("order of aggregate " + entry.getKey())
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, versions).boxed().toList());
        }
    }

    private void record(UUID aggregate, int version) {
        TenantContext.runAs(tenant.tenantId(), () -> transactions.executeWithoutResult(status ->
                outbox.record(ProjectEvents.CREATED, aggregate, version, new ProjectCreated(aggregate, "ORD",
                        "Order " + version, null, "ACTIVE", null, null, List.of(), UUID.randomUUID(),
                        java.time.Instant.now()))));
    }

    private UUID create(String key, String name) {
        byte[] body = http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"key\":\"" + key + "\",\"name\":\"" + name + "\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        return UUID.fromString(JsonPath.read(new String(body, StandardCharsets.UTF_8), "$.id"));
    }

    private ConsumerRecord<String, String> pollFor(KafkaConsumer<String, String> consumer, String topic, UUID key) {
        consumer.subscribe(List.of(topic));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (key.toString().equals(record.key())) {
                    return record;
                }
            }
        }
        throw new AssertionError("No event for " + key + " on " + topic);
    }

    private int applied(String handler, UUID projectId) {
        return jdbc.sql("select coalesce(max(applied), 0) from test_event_effects where handler = :h and project_id = :p")
                .param("h", handler).param("p", projectId).query(Integer.class).single();
    }

    private Map<String, Long> effects(String handler, List<UUID> projects) {
        Map<String, Long> result = new HashMap<>();
        jdbc.sql("""
                select count(*) as rows, coalesce(max(applied), 0) as most from test_event_effects
                where handler = :h and project_id = any(:ids)
                """)
                .param("h", handler).param("ids", projects.toArray(UUID[]::new))
                .query((rs, n) -> {
                    result.put("rows", rs.getLong("rows"));
                    result.put("max", rs.getLong("most"));
                    return null;
                }).list();
        return result;
    }

    private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
    }

    private static ConsumerRecord<String, String> byKey(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }
}
