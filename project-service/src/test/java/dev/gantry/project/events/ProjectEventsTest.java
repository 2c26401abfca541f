package dev.gantry.project.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.common.events.EventsProperties;
import dev.gantry.events.Topics;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/** Creating a project publishes gantry.project.created.v1 through the outbox, with the request's trace. */
@GantryIntegrationTest
class ProjectEventsTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsProperties events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    dev.gantry.common.events.OutboxRelay relay;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void publishesTheCreatedProjectWithItsCreatorAsManager() {
        TestTenant tenant = TestTenant.create();
        UUID creator = UUID.randomUUID();
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        byte[] body = http.post().uri("/api/v1/projects")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.tokenFor(creator, "MEMBER"))
                .header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"key\":\"EVT\",\"name\":\"发布 Events\",\"startDate\":\"2026-12-01\",\"targetDate\":\"2027-01-15\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        String projectId = JsonPath.read(new String(body, StandardCharsets.UTF_8), "$.id");

        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(events.topic(Topics.PROJECTS),
                found -> found.stream().anyMatch(r -> projectId.equals(r.key())), Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = records.stream().filter(r -> projectId.equals(r.key())).findFirst()
                .orElseThrow();
        DocumentContext event = JsonPath.parse(record.value());

        assertThat((String) event.read("$.specversion")).isEqualTo("1.0");
        assertThat((String) event.read("$.type")).isEqualTo("gantry.project.created.v1");
        assertThat((String) event.read("$.source")).isEqualTo("project-service");
        assertThat((String) event.read("$.subject")).isEqualTo(projectId);
        assertThat((String) event.read("$.tenantid")).isEqualTo(tenant.tenantId().toString());
        assertThat((String) event.read("$.actorid")).isEqualTo(creator.toString());
        assertThat((Integer) event.read("$.aggregateversion")).isEqualTo(1);
        assertThat((String) event.read("$.traceparent")).startsWith("00-" + traceId + "-");
        assertThat((String) event.read("$.data.key")).isEqualTo("EVT");
        assertThat((String) event.read("$.data.name")).isEqualTo("发布 Events");
        assertThat((String) event.read("$.data.targetDate")).isEqualTo("2027-01-15");
        assertThat((String) event.read("$.data.members[0].userId")).isEqualTo(creator.toString());
        assertThat((String) event.read("$.data.members[0].role")).isEqualTo("MANAGER");
        assertThat(TestEvents.header(record, "ce_type")).isEqualTo("gantry.project.created.v1");
        assertThat(TestEvents.header(record, "traceparent")).startsWith("00-" + traceId + "-");

        Long unpublished = jdbc.sql("select count(*) from outbox where aggregate_id = :id and published_at is null")
                .param("id", UUID.fromString(projectId)).query(Long.class).single();
        assertThat(unpublished).isZero();
    }

    @Test
    void aRefusedCreateRecordsNoEvent() {
        TestTenant tenant = TestTenant.create();
        String token = tenant.token("MEMBER");
        http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body("{\"key\":\"ONE\",\"name\":\"First\"}")
                .exchange().expectStatus().isCreated();
        http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body("{\"key\":\"ONE\",\"name\":\"Same key\"}")
                .exchange().expectStatus().isEqualTo(409);

        Long events = jdbc.sql("select count(*) from outbox where tenant_id = :tenant")
                .param("tenant", tenant.tenantId()).query(Long.class).single();
        assertThat(events).isEqualTo(1);
    }

    @Test
    void theRelayPrunesPublishedEventsAndAppliedIdsOlderThanTheRetention() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        for (UUID id : List.of(old, recent)) {
            String age = id.equals(old) ? "8 days" : "1 hour";
            jdbc.sql("""
                    insert into outbox (event_id, topic, event_type, aggregate_id, aggregate_version, tenant_id,
                                        payload, created_at, published_at)
                    values (:id, 'retention', 'gantry.project.created.v1', :id, 1, :id, '{}',
                            now() - cast(:age as interval), now() - cast(:age as interval))
                    """).param("id", id).param("age", age).update();
            jdbc.sql("""
                    insert into processed_events (consumer, event_id, processed_at)
                    values ('retention-test', :id, now() - cast(:age as interval))
                    """).param("id", id).param("age", age).update();
        }

        relay.stop();
        relay.start(); // a relay prunes when it becomes active, then every 10 minutes

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(countOf("outbox", old)).isZero();
            assertThat(countOf("processed_events", old)).isZero();
        });
        assertThat(countOf("outbox", recent)).isEqualTo(1);
        assertThat(countOf("processed_events", recent)).isEqualTo(1);
    }

    private long countOf(String table, UUID eventId) {
        return jdbc.sql("select count(*) from " + table + " where event_id = :id").param("id", eventId)
                .query(Long.class).single();
    }

    @Test
    void countsWrittenAndPublishedEventsAndRelayLag() {
        publishesTheCreatedProjectWithItsCreatorAsManager();
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(metrics)
                .contains("gantry_events_written_total{service=\"project-service\",type=\"gantry.project.created.v1\"}")
                .contains("gantry_events_published_total{service=\"project-service\",type=\"gantry.project.created.v1\"}")
                .contains("gantry_outbox_lag_seconds")
                .contains("gantry_outbox_pending");
    }
}
