package dev.gantry.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.gantry.events.projects.ProjectDeleted;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.tasks.CommentDeleted;
import dev.gantry.events.tasks.CommentEdited;
import dev.gantry.events.tasks.CommentState;
import dev.gantry.events.tasks.TaskDeleted;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.search.SearchClient;
import dev.gantry.search.Sources;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/**
 * Task and comment events on the real broker keep the index right whatever their order and however often they come:
 * external versions decide, deletions leave tombstones that older events cannot undo, and a deleted project takes
 * its tasks and comments out of search.
 */
@GantryIntegrationTest
class TaskIndexingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    SearchIndex index;

    @Autowired
    IndexQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    SearchClient client;
    TestTenant tenant = TestTenant.create();
    String owner;
    UUID project;

    @BeforeEach
    void aProject() {
        client = SearchClient.on(port);
        owner = tenant.token("OWNER");
        project = Sources.project(tenant.tenantId(), "IDX", "Indexing");
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of()).keys())
                .containsExactly("project:IDX"));
    }

    @Test
    void anOlderTaskEventArrivingAfterANewerOneChangesNothing() {
        var task = Sources.task(project, "IDX-1", "first title");
        task.title("third title").publish(tenant.tenantId(), 3);
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "third")).keys())
                .containsExactly("task:IDX-1"));

        UUID older = task.title("second title").publish(tenant.tenantId(), 2);
        UUID created = task.publish(tenant.tenantId(), 1);
        awaitApplied(older);
        awaitApplied(created);

        SearchIndex.Versioned stored = index.get(SearchDocument.taskDocumentId(task.id()),
                tenant.tenantId().toString()).orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.document().title()).isEqualTo("third title");
        assertThat(client.search(owner, Map.of("q", "second")).keys()).isEmpty();
    }

    @Test
    void aDuplicatedEventIsAppliedOnce() {
        var task = Sources.task(project, "IDX-2", "delivered twice");
        UUID event = UUID.randomUUID();
        TestEvents.publish(TaskEvents.CREATED, event, tenant.tenantId(), task.id(), 1,
                new dev.gantry.events.tasks.TaskCreated(task.state()));
        TestEvents.publish(TaskEvents.CREATED, event, tenant.tenantId(), task.id(), 1,
                new dev.gantry.events.tasks.TaskCreated(task.state()));
        UUID marker = task.title("delivered twice, then edited").publish(tenant.tenantId(), 2);
        awaitApplied(marker);

        assertThat(jdbc.sql("select count(*) from processed_events where event_id = :id and consumer = :c")
                .param("id", event).param("c", "search-service:search-index").query(Long.class).single())
                .isEqualTo(1);
        assertThat(index.get(SearchDocument.taskDocumentId(task.id()), tenant.tenantId().toString()).orElseThrow()
                .version()).isEqualTo(2);
    }

    @Test
    void aDeletedTaskLeavesSearchWithItsCommentsAndALateUpdateDoesNotBringItBack() {
        var task = Sources.task(project, "IDX-3", "doomed task");
        task.publish(tenant.tenantId(), 1);
        CommentState comment = Sources.comment(task, "doomed comment");
        Sources.publishComment(tenant.tenantId(), comment);
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "doomed")).keys())
                .containsExactlyInAnyOrder("task:IDX-3", "comment:IDX-3"));

        TestEvents.publish(TaskEvents.DELETED, tenant.tenantId(), task.id(), 3,
                new TaskDeleted(task.id(), project, "IDX-3"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "doomed")).keys())
                .isEmpty());

        UUID late = task.title("doomed task edited").publish(tenant.tenantId(), 2);
        awaitApplied(late);
        assertThat(client.search(owner, Map.of("q", "doomed")).keys()).isEmpty();
        // a comment arriving after its task's deletion goes in as a tombstone
        UUID lateComment = Sources.publishComment(tenant.tenantId(), Sources.comment(task, "doomed late comment"));
        awaitApplied(lateComment);
        assertThat(client.search(owner, Map.of("q", "doomed")).keys()).isEmpty();
        var tombstone = index.get(SearchDocument.taskDocumentId(task.id()), tenant.tenantId().toString())
                .orElseThrow();
        assertThat(tombstone.document().deleted()).isTrue();
        assertThat(tombstone.version()).isEqualTo(3);
    }

    @Test
    void editsAndDeletesComments() {
        var task = Sources.task(project, "IDX-4", "commented task");
        task.publish(tenant.tenantId(), 1);
        CommentState comment = Sources.comment(task, "待办 first words");
        Sources.publishComment(tenant.tenantId(), comment);
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "待办")).keys())
                .containsExactly("comment:IDX-4"));

        CommentState edited = new CommentState(comment.commentId(), comment.taskId(), comment.projectId(),
                comment.taskKey(), comment.authorId(), "上线 second words", List.of(), comment.createdAt(),
                java.time.Instant.now());
        TestEvents.publish(TaskEvents.COMMENT_EDITED, tenant.tenantId(), comment.commentId(), 2,
                new CommentEdited(edited));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "上线")).keys())
                .containsExactly("comment:IDX-4"));
        assertThat(client.search(owner, Map.of("q", "待办")).keys()).isEmpty();

        TestEvents.publish(TaskEvents.COMMENT_DELETED, tenant.tenantId(), comment.commentId(), 3,
                new CommentDeleted(comment.commentId(), task.id(), project));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "上线")).keys())
                .isEmpty());
        assertThat(client.search(owner, Map.of("q", "commented")).keys()).containsExactly("task:IDX-4");
    }

    @Test
    void aDeletedProjectTakesItsTasksAndCommentsOutOfSearch() {
        var task = Sources.task(project, "IDX-5", "project bound task");
        task.publish(tenant.tenantId(), 1);
        Sources.publishComment(tenant.tenantId(), Sources.comment(task, "project bound comment"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "bound")).keys())
                .hasSize(2));

        TestEvents.publish(ProjectEvents.DELETED, tenant.tenantId(), project, 2, new ProjectDeleted(project, "IDX"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of()).keys()).isEmpty());

        UUID late = task.title("project bound task, edited late").publish(tenant.tenantId(), 2);
        awaitApplied(late);
        assertThat(client.search(owner, Map.of("q", "bound")).keys()).isEmpty();
    }

    @Test
    void recordsHowLongAnEventTookToBecomeSearchable() {
        Timer timer = meters.find(Freshness.METRIC).timer();
        long before = timer == null ? 0 : timer.count();
        UUID event = Sources.task(project, "IDX-6", "fresh task").publish(tenant.tenantId(), 1);
        awaitApplied(event);

        await().atMost(WAIT).untilAsserted(() -> assertThat(meters.find(Freshness.METRIC).timer().count())
                .isGreaterThan(before));
        assertThat(meters.find(Freshness.METRIC).timer().max(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isPositive();
    }

    @Test
    void leavesNothingInTheQueueAndNothingRefused() {
        var task = Sources.task(project, "IDX-7", "queued task");
        awaitApplied(task.publish(tenant.tenantId(), 1));

        assertThat(queue.size()).isEqualTo(new IndexQueue.Size(0, 0));
        assertThat(index.get(SearchDocument.taskDocumentId(task.id()), tenant.tenantId().toString())).isPresent();
    }

    private void awaitApplied(UUID eventId) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.sql("""
                select count(*) from processed_events where event_id = :id and consumer = :c
                """).param("id", eventId).param("c", "search-service:search-index").query(Long.class).single())
                .isEqualTo(1));
        // its index write was queued with it and is sent in bulk: wait until nothing is waiting
        await().atMost(WAIT).until(() -> queue.size().pending() == 0);
    }
}
