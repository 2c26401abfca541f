package dev.gantry.task.export;

import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryInfrastructure;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class InternalExportTest {

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    TaskFixtures fx;
    String platform;

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
        platform = GantryInfrastructure.get().tokens().sign(Map.of("sub", "search-service", "scope", "gantry.export"),
                Duration.ofMinutes(5));
    }

    @Test
    void aPlatformClientExportsEveryTenantsTasksAndCommentsPageByPage() {
        UUID project = fx.project("EXP");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(read(fx.createTask(project, "Export " + i), "$.id"));
        }
        fx.http.patch().uri("/api/v1/tasks/" + ids.get(1)).header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"title\": \"Renamed\"}").exchange().expectStatus().isOk();
        fx.http.post().uri("/api/v1/tasks/" + ids.get(0) + "/comments").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .contentType(MediaType.APPLICATION_JSON).body("{\"body\": \"导出 export\"}")
                .exchange().expectStatus().isCreated();
        TaskFixtures other = new TaskFixtures(port);
        other.createTask(other.project("OTH"), "Other tenant");

        String tenants = get("/internal/v1/export/tenants", platform);
        assertThat((List<String>) JsonPath.read(tenants, "$.items"))
                .contains(fx.tenant.tenantId().toString(), other.tenant.tenantId().toString());

        String first = get("/internal/v1/export/tasks?limit=2&tenantId=" + fx.tenant.tenantId(), platform);
        assertThat((List<String>) JsonPath.read(first, "$.items[*].task.key")).containsExactly("EXP-1", "EXP-2");
        // EXP-2 was renamed; commenting on EXP-1 changed nothing of the task (its reporter already watches it)
        assertThat((List<Integer>) JsonPath.read(first, "$.items[*].aggregateVersion")).containsExactly(1, 2);
        assertThat(read(first, "$.items[1].task.title")).isEqualTo("Renamed");
        String second = get("/internal/v1/export/tasks?limit=2&tenantId=" + fx.tenant.tenantId() + "&cursor="
                + read(first, "$.nextCursor"), platform);
        assertThat((List<String>) JsonPath.read(second, "$.items[*].task.key")).containsExactly("EXP-3");
        assertThat((Object) JsonPath.read(second, "$.nextCursor")).isNull();

        String comments = get("/internal/v1/export/comments?tenantId=" + fx.tenant.tenantId(), platform);
        assertThat((List<String>) JsonPath.read(comments, "$.items[*].comment.body")).containsExactly("导出 export");
        assertThat(read(comments, "$.items[0].comment.taskKey")).isEqualTo("EXP-1");
        assertThat(read(comments, "$.items[0].aggregateVersion")).isEqualTo("1");
    }

    @Test
    void onlyAPlatformTokenWithTheExportScopeGetsIn() {
        String tenantAdmin = fx.tenant.token("OWNER");
        String tenantWithScope = GantryInfrastructure.get().tokens().sign(Map.of("sub", UUID.randomUUID().toString(),
                "tid", fx.tenant.tenantId().toString(), "scope", "gantry.export"), Duration.ofMinutes(5));
        String platformWithoutScope = GantryInfrastructure.get().tokens().sign(Map.of("sub", "bot",
                "scope", "openid"), Duration.ofMinutes(5));
        for (String token : List.of(tenantAdmin, tenantWithScope, platformWithoutScope)) {
            fx.http.get().uri("/internal/v1/export/tenants").header(HttpHeaders.AUTHORIZATION, bearer(token))
                    .exchange().expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            fx.http.get().uri("/internal/v1/export/tasks?tenantId=" + fx.tenant.tenantId())
                    .header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange().expectStatus().isForbidden();
        }
        fx.http.get().uri("/internal/v1/export/tenants").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void prometheusShowsTaskMetrics() {
        UUID project = fx.project("MET");
        fx.createTask(fx.member, project, "{\"title\": \"Late\", \"dueDate\": \"2020-01-01\"}");
        String metrics = fx.http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(metrics).contains("gantry_tasks_creations_total").contains("gantry_tasks_completed_total")
                .contains("gantry_worklog_hours_total");
        assertThat(metrics.lines().filter(l -> l.startsWith("gantry_tasks_overdue{"))).hasSize(1);
        // the gauge reads this function (at most every 30 s, so its sample may predate the task above)
        assertThat(jdbc.sql("select overdue_task_count(current_date)").query(Long.class).single())
                .isGreaterThanOrEqualTo(1);
    }

    private String get(String path, String token) {
        return fx.http.get().uri(path).header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody();
    }
}
