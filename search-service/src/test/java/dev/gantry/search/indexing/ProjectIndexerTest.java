package dev.gantry.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;

/**
 * search-service indexes projects from project-service's events on the real broker into the real Elasticsearch, once
 * per event and only ever forward by aggregate version.
 */
@GantryIntegrationTest
class ProjectIndexerTest {

    private static final String CONSUMER = "search-service:search-index";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    SearchIndex index;

    @Autowired
    IndexQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void aCreatedProjectBecomesADocumentAtTheEventsVersion() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID member = UUID.randomUUID();

        TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1, created(project, "IDX", "Search me",
                new ProjectMember(manager, ProjectRole.MANAGER, List.of()),
                new ProjectMember(member, ProjectRole.VIEWER, List.of("QA"))));

        SearchIndex.Versioned stored = awaitDocument(tenant, project);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.document().type()).isEqualTo(SearchDocument.PROJECT);
        assertThat(stored.document().tenantId()).isEqualTo(tenant);
        assertThat(stored.document().projectId()).isEqualTo(project);
        assertThat(stored.document().key()).isEqualTo("IDX");
        assertThat(stored.document().title()).isEqualTo("Search me");
        assertThat(stored.document().text()).isEqualTo("About Search me");
        assertThat(stored.document().deleted()).isFalse();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        ProjectCreated payload = created(project, "TWICE", "Delivered twice",
                new ProjectMember(manager, ProjectRole.MANAGER, List.of()));
        TestEvents.publish(ProjectEvents.CREATED, eventId, tenant, project, 2, payload);
        SearchIndex.Versioned first = awaitDocument(tenant, project);
        double applied = consumed("applied");
        double duplicates = consumed("duplicate");

        TestEvents.publish(ProjectEvents.CREATED, eventId, tenant, project, 2, payload);
        await().atMost(WAIT).until(() -> consumed("duplicate") + consumed("applied") >= duplicates + applied + 2);

        // two handlers take project.created: the membership projection and the indexer; both skip it
        assertThat(consumed("duplicate")).isEqualTo(duplicates + 2);
        assertThat(consumed("applied")).isEqualTo(applied);
        assertThat(processed(eventId)).isEqualTo(1);
        SearchIndex.Versioned after = index.get(SearchDocument.projectDocumentId(project), tenant.toString())
                .orElseThrow();
        assertThat(after.version()).isEqualTo(first.version()).isEqualTo(2);
        assertThat(after.document()).isEqualTo(first.document());
    }

    @Test
    void aNewerVersionUpdatesTheDocumentAndAnOlderOneArrivingLaterDoesNot() {
        UUID tenant = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        UUID manager = UUID.randomUUID();
        UUID joiner = UUID.randomUUID();
        TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1, created(project, "VER", "First title",
                new ProjectMember(manager, ProjectRole.MANAGER, List.of())));
        assertThat(awaitDocument(tenant, project).version()).isEqualTo(1);

        UUID newer = TestEvents.publish(ProjectEvents.CREATED, tenant, project, 3, created(project, "VER",
                "Third title", new ProjectMember(manager, ProjectRole.MANAGER, List.of()),
                new ProjectMember(joiner, ProjectRole.MEMBER, List.of())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(processed(newer)).isEqualTo(1));
        awaitDrained();
        SearchIndex.Versioned updated = index.get(SearchDocument.projectDocumentId(project), tenant.toString())
                .orElseThrow();
        assertThat(updated.version()).isEqualTo(3);
        assertThat(updated.document().title()).isEqualTo("Third title");

        UUID older = TestEvents.publish(ProjectEvents.CREATED, tenant, project, 2, created(project, "VER",
                "Second title", new ProjectMember(manager, ProjectRole.MANAGER, List.of())));
        await().atMost(WAIT).untilAsserted(() -> assertThat(processed(older)).isEqualTo(1));
        awaitDrained();
        SearchIndex.Versioned kept = index.get(SearchDocument.projectDocumentId(project), tenant.toString())
                .orElseThrow();
        assertThat(kept.version()).isEqualTo(3);
        assertThat(kept.document().title()).isEqualTo("Third title");
    }

    /** Index writes are queued with the event and sent in bulk: wait until none is waiting. */
    private void awaitDrained() {
        await().atMost(WAIT).until(() -> queue.size().pending() == 0);
    }

    private SearchIndex.Versioned awaitDocument(UUID tenant, UUID project) {
        return await().atMost(WAIT).until(
                () -> index.get(SearchDocument.projectDocumentId(project), tenant.toString()).orElse(null),
                stored -> stored != null);
    }

    private static ProjectCreated created(UUID project, String key, String name, ProjectMember... members) {
        return new ProjectCreated(project, key, name, "About " + name, "ACTIVE", LocalDate.of(2026, 12, 1), null,
                List.of(members), members[0].userId(), Instant.now());
    }

    private long processed(UUID eventId) {
        return jdbc.sql("select count(*) from processed_events where consumer = :consumer and event_id = :id")
                .param("consumer", CONSUMER).param("id", eventId).query(Long.class).single();
    }

    private double consumed(String outcome) {
        Counter counter = meters.find("gantry.events.consumed").tag("type", ProjectEvents.CREATED.name())
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
