package dev.gantry.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/**
 * A tenant with a project known to task-service the way production learns of it: project-service's
 * {@code project.created} event on the real broker, consumed into the membership projection.
 */
public final class TaskFixtures {

    public static final Duration WAIT = Duration.ofSeconds(30);

    public final RestTestClient http;
    public final TestTenant tenant;
    public final UUID managerId = UUID.randomUUID();
    public final UUID memberId = UUID.randomUUID();
    public final UUID viewerId = UUID.randomUUID();
    public final String manager;
    public final String member;
    public final String viewer;

    public TaskFixtures(int port) {
        this(port, TestTenant.create());
    }

    public TaskFixtures(int port, TestTenant tenant) {
        this.http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        this.tenant = tenant;
        this.manager = tenant.tokenFor(managerId, "MEMBER");
        this.member = tenant.tokenFor(memberId, "MEMBER");
        this.viewer = tenant.tokenFor(viewerId, "MEMBER");
    }

    /** Publishes a project with the manager, member and viewer and waits until task-service serves it. */
    public UUID project(String key) {
        UUID project = UUID.randomUUID();
        TestEvents.publish(ProjectEvents.CREATED, tenant.tenantId(), project, 1, new ProjectCreated(project, key,
                "Project " + key, null, "ACTIVE", LocalDate.of(2026, 12, 1), null, List.of(
                        new ProjectMember(managerId, ProjectRole.MANAGER, List.of()),
                        new ProjectMember(memberId, ProjectRole.MEMBER, List.of()),
                        new ProjectMember(viewerId, ProjectRole.VIEWER, List.of())),
                managerId, Instant.now()));
        await().atMost(WAIT).untilAsserted(() -> http.get().uri("/api/v1/projects/" + project + "/workflow")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + viewer).exchange().expectStatus().isOk());
        return project;
    }

    /** Creates a task and returns its JSON. */
    public String createTask(String token, UUID project, String json) {
        return http.post().uri("/api/v1/projects/" + project + "/tasks")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange().expectStatus().isCreated()
                .returnResult(String.class).getResponseBody();
    }

    public String createTask(UUID project, String title) {
        return createTask(member, project, "{\"title\": \"" + title + "\"}");
    }

    public static String read(String json, String path) {
        Object value = JsonPath.read(json, path);
        return value == null ? null : value.toString();
    }

    public static String body(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static void assertProblem(String json, String type) {
        assertThat(read(json, "$.type")).isEqualTo("https://gantry.dev/problems/" + type);
    }
}
