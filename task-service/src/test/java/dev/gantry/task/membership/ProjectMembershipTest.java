package dev.gantry.task.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.events.DeadLetterMetrics;
import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.Topics;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectMemberAdded;
import dev.gantry.events.projects.ProjectMemberChanged;
import dev.gantry.events.projects.ProjectMemberRemoved;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.GantryInfrastructure;
import dev.gantry.test.TestEvents;

/**
 * task-service's projection of projects and members, fed by project-service's events on the real broker: applied once
 * per event, never moved back by a stale one, tenant by tenant, with unreadable records parked on the dead-letter
 * topic and unknown event types and fields tolerated.
 */
@GantryIntegrationTest
class ProjectMembershipTest {

    private static final String CONSUMER = "task-service:project-membership";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String topic = TestEvents.topic(Topics.PROJECTS);
    private final String deadLetterTopic = Topics.deadLetter(topic);

    @LocalServerPort
    int port;

    @Autowired
    ProjectMembership membership;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DeadLetterMetrics deadLetterMetrics;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aCreatedProjectAndItsMembersAppearForItsTenantOnly() {
        UUID tenant = UUID.randomUUID();
        UUID otherTenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID member = UUID.randomUUID();

        TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1, created(project, "MEM",
                new ProjectMember(manager, ProjectRole.MANAGER, List.of()),
                new ProjectMember(member, ProjectRole.MEMBER, List.of("QA"))));

        await().atMost(WAIT).untilAsserted(() -> assertThat(as(tenant, () -> membership.versionOf(project)))
                .contains(1L));
        assertThat(as(tenant, () -> membership.roleOf(project, manager))).contains(ProjectRole.MANAGER);
        assertThat(as(tenant, () -> membership.roleOf(project, member))).contains(ProjectRole.MEMBER);
        assertThat(as(tenant, () -> membership.membersOf(project))).containsExactlyInAnyOrderElementsOf(List.of(manager, member));
        assertThat(dutiesOf(tenant, project, member)).containsExactly("QA");

        assertThat(as(otherTenant, () -> membership.versionOf(project))).isEmpty();
        assertThat(as(otherTenant, () -> membership.roleOf(project, manager))).isEmpty();
        assertThat(as(otherTenant, () -> membership.membersOf(project))).isEmpty();
    }

    @Test
    void theSameEventDeliveredTwiceIsAppliedOnce() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        ProjectCreated payload = created(project, "DUP", new ProjectMember(manager, ProjectRole.MANAGER, List.of()),
                new ProjectMember(member, ProjectRole.MEMBER, List.of()));
        TestEvents.publish(ProjectEvents.CREATED, eventId, tenant, project, 1, payload);
        await().atMost(WAIT).untilAsserted(() -> assertThat(as(tenant, () -> membership.membersOf(project)))
                .containsExactlyInAnyOrderElementsOf(List.of(manager, member)));
        double duplicatesBefore = consumed(ProjectEvents.CREATED.name(), "duplicate");

        // Take the projection back behind the event, so that only the inbox (not the version check) can keep a
        // second delivery from applying it again.
        as(tenant, () -> {
            jdbc.sql("update projects set version = 0 where id = :id").param("id", project).update();
            return jdbc.sql("delete from project_members where project_id = :id and user_id = :user")
                    .param("id", project).param("user", member).update();
        });
        TestEvents.publish(ProjectEvents.CREATED, eventId, tenant, project, 1, payload);
        // Same project, same partition: once this later event is applied, the redelivery was handled before it.
        UUID joiner = UUID.randomUUID();
        TestEvents.publish(ProjectEvents.MEMBER_ADDED, tenant, project, 2,
                new ProjectMemberAdded(project, new ProjectMember(joiner, ProjectRole.VIEWER, List.of())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(as(tenant, () -> membership.roleOf(project, joiner)))
                .contains(ProjectRole.VIEWER));

        assertThat(as(tenant, () -> membership.roleOf(project, member))).isEmpty();
        assertThat(as(tenant, () -> membership.membersOf(project))).containsExactlyInAnyOrderElementsOf(List.of(manager, joiner));
        assertThat(processed(eventId)).isEqualTo(1);
        assertThat(consumed(ProjectEvents.CREATED.name(), "duplicate")).isEqualTo(duplicatesBefore + 1);
    }

    @Test
    void aStaleEventWithANewIdDoesNotBringBackARemovedMember() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        ProjectCreated payload = created(project, "OLD", new ProjectMember(manager, ProjectRole.MANAGER, List.of()),
                new ProjectMember(member, ProjectRole.MEMBER, List.of()));
        TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1, payload);
        TestEvents.publish(ProjectEvents.MEMBER_REMOVED, tenant, project, 2, new ProjectMemberRemoved(project, member));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(as(tenant, () -> membership.versionOf(project))).contains(2L);
            assertThat(as(tenant, () -> membership.roleOf(project, member))).isEmpty();
        });

        UUID replayed = TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1, payload);
        await().atMost(WAIT).untilAsserted(() -> assertThat(processed(replayed)).isEqualTo(1));

        assertThat(as(tenant, () -> membership.roleOf(project, member))).isEmpty();
        assertThat(as(tenant, () -> membership.membersOf(project))).containsExactly(manager);
        assertThat(as(tenant, () -> membership.versionOf(project))).contains(2L);
    }

    @Test
    void memberEventsInOrderGiveTheLatestRolesAndAnOlderOneChangesNothing() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID tester = UUID.randomUUID();
        UUID leaver = UUID.randomUUID();
        TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1, created(project, "SEQ",
                new ProjectMember(manager, ProjectRole.MANAGER, List.of()),
                new ProjectMember(leaver, ProjectRole.MEMBER, List.of())));
        TestEvents.publish(ProjectEvents.MEMBER_ADDED, tenant, project, 2,
                new ProjectMemberAdded(project, new ProjectMember(tester, ProjectRole.MEMBER, List.of())));
        TestEvents.publish(ProjectEvents.MEMBER_CHANGED, tenant, project, 3, new ProjectMemberChanged(project,
                new ProjectMember(tester, ProjectRole.VIEWER, List.of("QA")), List.of("role", "duties")));
        TestEvents.publish(ProjectEvents.MEMBER_REMOVED, tenant, project, 4, new ProjectMemberRemoved(project, leaver));

        await().atMost(WAIT).untilAsserted(() -> assertThat(as(tenant, () -> membership.versionOf(project)))
                .contains(4L));
        assertThat(as(tenant, () -> membership.roleOf(project, manager))).contains(ProjectRole.MANAGER);
        assertThat(as(tenant, () -> membership.roleOf(project, tester))).contains(ProjectRole.VIEWER);
        assertThat(dutiesOf(tenant, project, tester)).containsExactly("QA");
        assertThat(as(tenant, () -> membership.roleOf(project, leaver))).isEmpty();
        assertThat(as(tenant, () -> membership.membersOf(project))).containsExactlyInAnyOrderElementsOf(List.of(manager, tester));

        UUID late = TestEvents.publish(ProjectEvents.MEMBER_ADDED, tenant, project, 3,
                new ProjectMemberAdded(project, new ProjectMember(leaver, ProjectRole.MANAGER, List.of("OPS"))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(processed(late)).isEqualTo(1));

        assertThat(as(tenant, () -> membership.roleOf(project, leaver))).isEmpty();
        assertThat(as(tenant, () -> membership.membersOf(project))).containsExactlyInAnyOrderElementsOf(List.of(manager, tester));
        assertThat(as(tenant, () -> membership.versionOf(project))).contains(4L);
    }

    @Test
    void aRecordThatIsNotAnEventIsDeadLetteredAndTheNextEventStillApplies() {
        String key = UUID.randomUUID().toString();
        TestEvents.publishRaw(topic, key, "not json");

        List<ConsumerRecord<String, String>> parked = TestEvents.readUntil(deadLetterTopic,
                read -> read.stream().anyMatch(r -> key.equals(r.key())), WAIT);
        ConsumerRecord<String, String> record = parked.stream().filter(r -> key.equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(record.value()).isEqualTo("not json");
        assertThat(TestEvents.header(record, "kafka_dlt-original-topic")).isEqualTo(topic);
        assertThat(TestEvents.header(record, "kafka_dlt-exception-message")).contains("Not a CloudEvents JSON event");
        // the error's own class, for whoever looks at the parked record
        assertThat(TestEvents.header(record, "kafka_dlt-exception-fqcn"))
                .isEqualTo("dev.gantry.common.events.EventFormatException");

        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1,
                created(project, "AFT", new ProjectMember(manager, ProjectRole.MANAGER, List.of())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(as(tenant, () -> membership.roleOf(project, manager)))
                .contains(ProjectRole.MANAGER));
    }

    @Test
    void anEventOfAnUnknownTypeIsSkippedNotDeadLettered() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        TestEvents.publishRaw(topic, project.toString(), """
                {"specversion":"1.0","id":"%s","type":"gantry.project.renamed.v9","source":"project-service",
                 "subject":"%s","time":"%s","datacontenttype":"application/json","tenantid":"%s",
                 "actorid":"someone","aggregateversion":2,"data":{"projectId":"%s","name":"Renamed"}}
                """.formatted(unknown, project, Instant.now(), tenant, project));
        // Same key, same partition: once this is applied, the unknown event before it was handled.
        UUID known = TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1,
                created(project, "UNK", new ProjectMember(manager, ProjectRole.MANAGER, List.of())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(processed(known)).isEqualTo(1));

        assertThat(as(tenant, () -> membership.roleOf(project, manager))).contains(ProjectRole.MANAGER);
        assertThat(processed(unknown)).isZero();
        assertThat(readAll(deadLetterTopic)).noneMatch(r -> project.toString().equals(r.key()));
        assertThat(consumed("gantry.project.renamed.v9", "ignored")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void unknownFieldsInAKnownEventAreTolerated() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        TestEvents.publishRaw(topic, project.toString(), """
                {"specversion":"1.0","id":"%s","type":"gantry.project.created.v1","source":"project-service",
                 "subject":"%s","time":"%s","datacontenttype":"application/json","tenantid":"%s",
                 "actorid":"%s","aggregateversion":1,"newattribute":1,
                 "data":{"projectId":"%s","key":"NEW","name":"Newer producer","description":null,
                         "status":"ACTIVE","startDate":"2026-12-01","targetDate":null,"color":"red",
                         "members":[{"userId":"%s","role":"MANAGER","duties":["OPS"],"since":"2026-11-01"}],
                         "createdBy":"%s","createdAt":"%s"}}
                """.formatted(eventId, project, Instant.now(), tenant, manager, project, manager, manager,
                Instant.now()));

        await().atMost(WAIT).untilAsserted(() -> assertThat(as(tenant, () -> membership.roleOf(project, manager)))
                .contains(ProjectRole.MANAGER));
        assertThat(as(tenant, () -> membership.versionOf(project))).contains(1L);
        assertThat(dutiesOf(tenant, project, manager)).containsExactly("OPS");
        assertThat(processed(eventId)).isEqualTo(1);
        assertThat(readAll(deadLetterTopic)).noneMatch(r -> project.toString().equals(r.key()));
    }

    @Test
    void prometheusShowsConsumedDeadLetteredAndWaitingEventsAndConsumerLag() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        ProjectCreated payload = created(project, "MET", new ProjectMember(manager, ProjectRole.MANAGER, List.of()));
        double duplicatesBefore = consumed(ProjectEvents.CREATED.name(), "duplicate");
        TestEvents.publish(ProjectEvents.CREATED, eventId, tenant, project, 1, payload);
        TestEvents.publish(ProjectEvents.CREATED, eventId, tenant, project, 1, payload);
        String poison = UUID.randomUUID().toString();
        TestEvents.publishRaw(topic, poison, "{\"not\":\"an event\"}");
        TestEvents.readUntil(deadLetterTopic, read -> read.stream().anyMatch(r -> poison.equals(r.key())), WAIT);
        await().atMost(WAIT).until(() -> consumed(ProjectEvents.CREATED.name(), "duplicate") >= duplicatesBefore + 1);

        deadLetterMetrics.refresh();
        assertThat(deadLetterMetrics.size(deadLetterTopic)).isGreaterThanOrEqualTo(1);
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();

        String created = "type=\"" + ProjectEvents.CREATED.name() + "\"";
        assertThat(value(metrics, "gantry_events_consumed_total",
                "outcome=\"applied\"", "service=\"task-service\"", created)).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "gantry_events_consumed_total",
                "outcome=\"duplicate\"", "service=\"task-service\"", created)).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "gantry_events_dead_lettered_total",
                "service=\"task-service\"", "topic=\"" + topic + "\"")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "gantry_events_dead_letters",
                "service=\"task-service\"", "topic=\"" + deadLetterTopic + "\"")).isGreaterThanOrEqualTo(1);
        // The consumer's lag, from the Kafka client metrics of the event listener's consumers (NaN until a fetch).
        assertThat(value(metrics, "kafka_consumer_fetch_manager_records_lag_max", "service=\"task-service\"",
                "client_id=\"consumer-task-service-")).satisfiesAnyOf(
                        lag -> assertThat(lag).isNaN(), lag -> assertThat(lag).isGreaterThanOrEqualTo(0));
    }

    private static ProjectCreated created(UUID project, String key, ProjectMember... members) {
        return new ProjectCreated(project, key, "Project " + key, null, "ACTIVE", LocalDate.of(2026, 12, 1), null,
                List.of(members), members[0].userId(), Instant.now());
    }

    private <T> T as(UUID tenant, Supplier<T> work) {
        return TenantContext.callAs(tenant, () -> transactions.execute(status -> work.get()));
    }

    private List<String> dutiesOf(UUID tenant, UUID project, UUID user) {
        return as(tenant, () -> jdbc.sql("select duties from project_members where project_id = :p and user_id = :u")
                .param("p", project).param("u", user)
                .query((rs, n) -> Arrays.asList((String[]) rs.getArray("duties").getArray()))
                .single());
    }

    private long processed(UUID eventId) {
        return jdbc.sql("select count(*) from processed_events where consumer = :consumer and event_id = :id")
                .param("consumer", CONSUMER).param("id", eventId).query(Long.class).single();
    }

    private double consumed(String type, String outcome) {
        Counter counter = meters.find("gantry.events.consumed").tag("type", type).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Everything on a topic right now, from its beginning to its end. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TestEvents.consumerConfig(
                GantryInfrastructure.get().kafkaBootstrapServers(), "test-reader-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The value of the first Prometheus sample of a metric whose labels include all of the given ones. */
    private static double value(String metrics, String name, String... labels) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)").matcher(metrics);
        while (sample.find()) {
            String found = sample.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("No sample of " + name + " with " + List.of(labels) + " in:\n"
                + String.join("\n", metrics.lines().filter(l -> l.startsWith(name.split("_")[0] + "_")).toList()));
    }
}
