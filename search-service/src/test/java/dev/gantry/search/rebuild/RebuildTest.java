package dev.gantry.search.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

import dev.gantry.events.projects.ExportedProject;
import dev.gantry.events.projects.ProjectUpdated;
import dev.gantry.events.tasks.ExportedComment;
import dev.gantry.events.tasks.ExportedTask;
import dev.gantry.events.tasks.TaskDeleted;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.search.ExportStub;
import dev.gantry.search.SearchClient;
import dev.gantry.search.Sources;
import dev.gantry.search.indexing.SearchIndex;
import dev.gantry.test.GantryInfrastructure;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/**
 * A rebuild reads the source services' exports (served here by {@link ExportStub}, with a real client_credentials
 * token from the test issuer) into a new index while live events keep coming, then switches the alias: searches work
 * throughout, and whichever of export and event is newer wins, including deletions.
 */
@GantryIntegrationTest
class RebuildTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    SearchIndex index;

    @Autowired
    JdbcClient jdbc;

    @Test
    void rebuildsFromTheExportsDuringLiveWritesAndSwitchesTheAlias() throws Exception {
        SearchClient client = SearchClient.on(port);
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        TestTenant tenant = TestTenant.create();
        UUID tenantId = tenant.tenantId();
        String owner = tenant.token("OWNER");
        String admin = GantryInfrastructure.get().tokens().sign(Map.of("sub", "ops-admin",
                "roles", List.of(Rebuilds.ADMIN_ROLE), "scope", "openid"), Duration.ofMinutes(10));

        UUID project = Sources.project(tenantId, "RB", "Rebuilt");
        var alpha = Sources.task(project, "RB-1", "alpha live one");
        alpha.publish(tenantId, 1);
        var bravo = Sources.task(project, "RB-2", "bravo export");
        var delta = Sources.task(project, "RB-4", "delta export only");
        var echo = Sources.task(project, "RB-5", "echo live only");
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "alpha")).keys())
                .containsExactly("task:RB-1"));
        String before = index.currentIndex();

        ExportStub stub = ExportStub.get();
        var p = Sources.projectCreated(project, "RB", "Rebuilt");
        stub.serve(Map.of(tenantId, List.of(new ExportedProject(1, new ProjectUpdated(project, p.key(), p.name(),
                        p.description(), p.status(), p.startDate(), p.targetDate(), null, List.of()), List.of()))),
                Map.of(tenantId, List.of(new ExportedTask(2, alpha.title("alpha export two").state()),
                        new ExportedTask(1, bravo.state()), new ExportedTask(3, delta.state()))),
                Map.of(tenantId, List.of(new ExportedComment(1, Sources.comment(delta, "charlie comment")))));
        stub.holdTasks();

        // only a platform admin starts a rebuild
        http.post().uri("/api/v1/search/rebuilds").header(HttpHeaders.AUTHORIZATION, "Bearer " + owner).exchange()
                .expectStatus().isForbidden();
        var started = http.post().uri("/api/v1/search/rebuilds").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .exchange().returnResult(String.class);
        assertThat(started.getStatus().value()).isEqualTo(202);
        JsonNode rebuild = SearchClient.read(started.getResponseBody());
        String id = rebuild.get("id").asString();
        assertThat(rebuild.get("status").asString()).isEqualTo("RUNNING");
        assertThat(stub.awaitTasksRequested()).isTrue();

        // while the export is read: a second rebuild is refused, live events keep flowing, searches keep working
        http.post().uri("/api/v1/search/rebuilds").header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).exchange()
                .expectStatus().isEqualTo(409);
        UUID newer = alpha.title("alpha live three").publish(tenantId, 3);
        UUID live = echo.publish(tenantId, 1);
        UUID deleted = TestEvents.publish(TaskEvents.DELETED, tenantId, bravo.id(), 2,
                new TaskDeleted(bravo.id(), project, "RB-2"));
        for (UUID event : List.of(newer, live, deleted)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.sql("""
                    select count(*) from processed_events where event_id = :id and consumer = :c
                    """).param("id", event).param("c", "search-service:search-index").query(Long.class).single())
                    .isEqualTo(1));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "alpha")).titles())
                .containsExactly("alpha live three"));
        assertThat(index.currentIndex()).isEqualTo(before);
        stub.release();

        await().atMost(WAIT).untilAsserted(() -> assertThat(http.get().uri("/api/v1/search/rebuilds/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).exchange().returnResult(String.class)
                .getResponseBody()).contains("\"status\":\"COMPLETED\""));

        String after = index.currentIndex();
        assertThat(after).isNotEqualTo(before).isEqualTo(rebuild.get("targetIndex").asString());
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of("q", "delta")).keys())
                .containsExactly("task:RB-4"));
        assertThat(client.search(owner, Map.of("q", "alpha")).titles()).containsExactly("alpha live three");
        assertThat(client.search(owner, Map.of("q", "echo")).keys()).containsExactly("task:RB-5");
        assertThat(client.search(owner, Map.of("q", "bravo")).keys()).isEmpty();
        assertThat(client.search(owner, Map.of("q", "charlie")).keys()).containsExactly("comment:RB-4");
        assertThat(client.search(owner, Map.of("type", "project")).keys()).containsExactly("project:RB");
        assertThat(stub.refusals()).isEmpty();
        assertThat(stub.served()).contains("tenants", "projects", "tasks", "comments");
    }
}
