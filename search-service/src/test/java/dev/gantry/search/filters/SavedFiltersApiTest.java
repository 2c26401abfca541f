package dev.gantry.search.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.search.SearchClient;
import dev.gantry.search.Sources;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

/** Saved filters: per user, shared within a project, versioned with If-Match, checked like a search runs them. */
@GantryIntegrationTest
class SavedFiltersApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    RestTestClient http;
    SearchClient client;
    TestTenant tenant = TestTenant.create();
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    String aliceToken;
    String bobToken;
    String outsiderToken;
    UUID project;

    @BeforeEach
    void aProjectWithTwoMembers() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        client = SearchClient.on(port);
        aliceToken = tenant.tokenFor(alice, "MEMBER");
        bobToken = tenant.tokenFor(bob, "MEMBER");
        outsiderToken = tenant.token("MEMBER");
        project = Sources.project(tenant.tenantId(), "FLT", "Filters", Sources.member(alice), Sources.member(bob));
        Sources.task(project, "FLT-1", "urgent fix").status("Review", StatusCategory.IN_PROGRESS).assignee(alice)
                .publish(tenant.tenantId(), 1);
        Sources.task(project, "FLT-2", "later work").assignee(bob).publish(tenant.tenantId(), 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(bobToken, Map.of("type", "task")).keys())
                .hasSize(2));
    }

    @Test
    void savesAFilterAndRunsItForItsOwner() {
        var created = create(aliceToken, """
                {"name": "Mine in review", "query": "assignee = me AND status = Review"}
                """);
        String id = created.body().get("id").asString();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().getETag()).isEqualTo("\"1\"");
        assertThat(created.headers().getLocation().toString()).isEqualTo("/api/v1/filters/" + id);

        assertThat(client.search(aliceToken, Map.of("filterId", id)).keys()).containsExactly("task:FLT-1");
        // another user sees nothing of a private filter: not found, and not runnable
        assertThat(get(bobToken, id).status()).isEqualTo(404);
        assertThat(client.search(bobToken, Map.of("filterId", id)).status()).isEqualTo(404);
    }

    @Test
    void sharesAFilterWithTheProjectsReadersOnly() {
        String id = create(aliceToken, """
                {"name": "Team", "query": "assignee = me", "projectId": "%s", "shared": true}
                """.formatted(project)).body().get("id").asString();

        assertThat(get(bobToken, id).status()).isEqualTo(200);
        // "me" is whoever runs it
        assertThat(client.search(bobToken, Map.of("filterId", id)).keys()).containsExactly("task:FLT-2");
        assertThat(list(bobToken).body().get("items").size()).isEqualTo(1);
        assertThat(get(outsiderToken, id).status()).isEqualTo(404);
        assertThat(list(outsiderToken).body().get("items").size()).isZero();
        assertThat(get(TestTenant.create().token("OWNER"), id).status()).isEqualTo(404);

        var byBob = send("PUT", bobToken, "/api/v1/filters/" + id, "\"1\"", """
                {"name": "Taken over", "query": "type = task"}
                """);
        assertThat(byBob.status()).isEqualTo(403);
        assertThat(send("DELETE", bobToken, "/api/v1/filters/" + id, "\"1\"", null).status()).isEqualTo(403);
    }

    @Test
    void changesAFilterOnlyAgainstTheVersionItWasRead() {
        String id = create(aliceToken, """
                {"name": "Draft", "query": "type = task"}
                """).body().get("id").asString();
        String body = """
                {"name": "Renamed", "query": "type = task ORDER BY key DESC"}
                """;

        assertThat(send("PUT", aliceToken, "/api/v1/filters/" + id, null, body).status()).isEqualTo(428);
        var updated = send("PUT", aliceToken, "/api/v1/filters/" + id, "\"1\"", body);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.headers().getETag()).isEqualTo("\"2\"");
        assertThat(updated.body().get("name").asString()).isEqualTo("Renamed");
        var stale = send("PUT", aliceToken, "/api/v1/filters/" + id, "\"1\"", body);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(client.search(aliceToken, Map.of("filterId", id)).keys())
                .containsExactly("task:FLT-2", "task:FLT-1");

        assertThat(send("DELETE", aliceToken, "/api/v1/filters/" + id, "\"1\"", null).status()).isEqualTo(412);
        assertThat(send("DELETE", aliceToken, "/api/v1/filters/" + id, "\"2\"", null).status()).isEqualTo(204);
        assertThat(get(aliceToken, id).status()).isEqualTo(404);
    }

    @Test
    void refusesAFilterThatWouldNotRun() {
        var syntax = create(aliceToken, """
                {"name": "Broken", "query": "status in (Review"}
                """);
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.body().get("type").asString()).isEqualTo("https://gantry.dev/problems/invalid-filter-query");
        assertThat(syntax.body().get("line").asInt()).isEqualTo(1);
        assertThat(syntax.body().get("column").asInt()).isEqualTo(18);

        assertThat(create(aliceToken, """
                {"name": "", "query": "type = task"}
                """).status()).isEqualTo(400);
        assertThat(create(aliceToken, """
                {"name": "Shared nowhere", "query": "type = task", "shared": true}
                """).body().get("errors").get(0).get("field").asString()).isEqualTo("projectId");
        assertThat(create(outsiderToken, """
                {"name": "Not mine", "query": "type = task", "projectId": "%s", "shared": true}
                """.formatted(project)).status()).isEqualTo(404);
        assertThat(create(aliceToken, """
                {"name": "Too long", "query": "%s"}
                """.formatted("type = task AND ".repeat(150) + "type = task")).status()).isEqualTo(400);
        assertThat(list(aliceToken).body().get("items").size()).isZero();
    }

    private SearchClient.Answer create(String token, String json) {
        return send("POST", token, "/api/v1/filters", null, json);
    }

    private SearchClient.Answer get(String token, String id) {
        return send("GET", token, "/api/v1/filters/" + id, null, null);
    }

    private SearchClient.Answer list(String token) {
        return send("GET", token, "/api/v1/filters", null, null);
    }

    private SearchClient.Answer send(String method, String token, String path, String ifMatch, String json) {
        RestTestClient.RequestBodySpec spec = http.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        if (ifMatch != null) {
            spec = spec.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        RestTestClient.RequestHeadersSpec<?> request = json == null ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).body(json);
        var result = request.exchange().returnResult(String.class);
        return new SearchClient.Answer(result.getStatus().value(), SearchClient.read(result.getResponseBody()),
                result.getResponseHeaders());
    }
}
