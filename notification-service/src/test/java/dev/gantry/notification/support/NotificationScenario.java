package dev.gantry.notification.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.UserCreated;
import dev.gantry.events.users.UserEvents;
import dev.gantry.events.users.UserProfile;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/**
 * What notification-service's scenario tests share: the running service on real infrastructure (one Spring context
 * for all of them), the test receivers, and helpers that publish what user-, project- and task-service would.
 */
@GantryIntegrationTest
public abstract class NotificationScenario {

    protected static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected TransactionTemplate transactions;

    protected RestTestClient http;
    protected final TestServers servers = TestServers.get();
    protected final TestTenant tenant = TestTenant.create();

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    /** A user of the tenant, known to notification-service before the test goes on. */
    protected UUID user(String name, String locale, String timeZone, ChatAccount... chatAccounts) {
        return user(tenant, name, locale, timeZone, chatAccounts);
    }

    protected UUID user(TestTenant in, String name, String locale, String timeZone, ChatAccount... chatAccounts) {
        UUID id = UUID.randomUUID();
        TestEvents.publish(UserEvents.CREATED, in.tenantId(), id, 1, new UserCreated(new UserProfile(id,
                name.toLowerCase().replace(' ', '.') + "-" + id.toString().substring(0, 6) + "@example.com", name,
                locale, timeZone, List.of("MEMBER"), Arrays.asList(chatAccounts), "ACTIVE")));
        await().atMost(WAIT).until(() -> count(in, "recipients where user_id = '" + id + "'") == 1);
        return id;
    }

    /** A project with these managers and members, known to notification-service before the test goes on. */
    protected UUID project(String key, List<UUID> managers, List<UUID> members) {
        UUID id = UUID.randomUUID();
        List<ProjectMember> all = new java.util.ArrayList<>();
        managers.forEach(m -> all.add(new ProjectMember(m, ProjectRole.MANAGER, List.of())));
        members.forEach(m -> all.add(new ProjectMember(m, ProjectRole.MEMBER, List.of())));
        TestEvents.publish(ProjectEvents.CREATED, tenant.tenantId(), id, 1, new ProjectCreated(id, key, key + " project",
                null, "ACTIVE", null, null, all, managers.isEmpty() ? null : managers.getFirst(), Instant.now()));
        await().atMost(WAIT).until(() -> count(tenant, "projects where id = '" + id + "'") == 1);
        return id;
    }

    protected static TaskState task(UUID projectId, String key, UUID assignee, List<UUID> watchers,
            LocalDate dueDate, StatusCategory category) {
        return new TaskState(UUID.randomUUID(), projectId, key, "Task " + key, "", TaskType.TASK, category.name(),
                category, "MEDIUM", assignee, null, watchers, List.of(), null, dueDate, null, null, null, null, null,
                null, null, Instant.now(), Instant.now());
    }

    protected <T> T as(TestTenant in, Supplier<T> work) {
        return TenantContext.callAs(in.tenantId(), () -> transactions.execute(status -> work.get()));
    }

    /** Rows of a table (with a where clause) visible to the tenant. */
    protected long count(TestTenant in, String tableAndWhere) {
        return as(in, () -> jdbc.sql("select count(*) from " + tableAndWhere).query(Long.class).single());
    }

    protected String bearer(UUID user, String... roles) {
        return "Bearer " + tenant.tokenFor(user, roles);
    }

    /** Creates an integration as a tenant admin; returns its id. */
    protected UUID integration(String json) {
        String body = http.post().uri("/api/v1/integrations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token("ADMIN"))
                .contentType(MediaType.APPLICATION_JSON).body(json).exchange()
                .expectStatus().isCreated().returnResult(String.class).getResponseBody();
        return UUID.fromString(JSON.readTree(body).get("id").asString());
    }

    protected static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
}
