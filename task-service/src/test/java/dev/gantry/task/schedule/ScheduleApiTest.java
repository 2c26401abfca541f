package dev.gantry.task.schedule;

import static dev.gantry.task.TaskFixtures.assertProblem;
import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.gantry.common.pdf.PdfText;
import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class ScheduleApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TaskFixtures fx;
    String owner;

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
        owner = fx.tenant.token("OWNER");
    }

    @Test
    void dependenciesSpanProjectsAndACycleIsRefusedWithItsPath() {
        UUID a = fx.project("DA");
        UUID b = fx.project("DB");
        String a1 = id(fx.createTask(a, "A one"));
        String a2 = id(fx.createTask(a, "A two"));
        String a3 = id(fx.createTask(a, "A three"));
        String b1 = id(fx.createTask(b, "B one"));
        depend(a2, a1, "FS", 0).expectStatus().isCreated();
        depend(a3, a2, "SS", 2).expectStatus().isCreated();
        depend(b1, a3, "FF", -1).expectStatus().isCreated()
                .expectBody().jsonPath("$.predecessorProjectId").isEqualTo(a.toString())
                .jsonPath("$.successorProjectId").isEqualTo(b.toString());

        String refused = depend(a1, b1, "FS", 0).expectStatus().isEqualTo(409)
                .returnResult(String.class).getResponseBody();
        assertProblem(refused, "dependency-cycle");
        assertThat((List<String>) JsonPath.read(refused, "$.cycle"))
                .containsExactly("DA-1", "DA-2", "DA-3", "DB-1", "DA-1");
        depend(a2, a1, "FS", 0).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/dependency-exists");
        depend(a1, a1, "FS", 0).expectStatus().isEqualTo(409);
        fx.http.post().uri("/api/v1/tasks/" + a1 + "/dependencies").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .contentType(MediaType.APPLICATION_JSON).body("{\"predecessorId\": \"" + b1 + "\"}")
                .exchange().expectStatus().isForbidden();
        assertThat(jdbc.sql("select count(*) from outbox where event_type = 'gantry.dependency.added.v1' and tenant_id = :t")
                .param("t", fx.tenant.tenantId()).query(Long.class).single()).isEqualTo(3);

        String listed = fx.http.get().uri("/api/v1/tasks/" + a3 + "/dependencies")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(listed, "$.predecessors[*].predecessorKey")).containsExactly("DA-2");
        assertThat((List<String>) JsonPath.read(listed, "$.successors[*].successorKey")).containsExactly("DB-1");

        String dependency = JsonPath.read(listed, "$.predecessors[0].id");
        fx.http.delete().uri("/api/v1/tasks/" + a3 + "/dependencies/" + dependency)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isEqualTo(428);
        fx.http.delete().uri("/api/v1/tasks/" + a3 + "/dependencies/" + dependency)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isNoContent();
        // with a2 → a3 gone, the edge that closed the cycle is fine
        depend(a1, b1, "FS", 0).expectStatus().isCreated();
    }

    @Test
    void theScheduleFollowsTheWorkingCalendarAndFindsTheCriticalPath() {
        String version = fx.http.get().uri("/api/v1/calendar?from=2026-12-01&to=2026-12-31")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getETag();
        assertThat(version).isEqualTo("\"0\"");
        setDay("2026-12-09", false, "公司假日 holiday", "\"0\"").expectStatus().isOk();
        setDay("2026-12-12", true, "调休 make-up day", "\"1\"").expectStatus().isOk();
        setDay("2026-12-13", true, "stale", "\"1\"").expectStatus().isEqualTo(412);
        fx.http.put().uri("/api/v1/calendar/days/2026-12-13").header(HttpHeaders.AUTHORIZATION, bearer(fx.manager))
                .header(HttpHeaders.IF_MATCH, "\"2\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"working\": true}").exchange().expectStatus().isForbidden();

        UUID project = fx.project("GNT");
        String t1 = id(fx.createTask(fx.member, project,
                "{\"title\": \"设计 Design\", \"startDate\": \"2026-12-07\", \"dueDate\": \"2026-12-08\"}"));
        String t2 = id(fx.createTask(fx.member, project, "{\"title\": \"Build\", \"estimateMinutes\": 960}"));
        String t3 = id(fx.createTask(project, "Docs"));
        String t4 = id(fx.createTask(project, "上线 Go-live"));
        depend(t2, t1, "FS", 0).expectStatus().isCreated();
        depend(t3, t1, "SS", 1).expectStatus().isCreated();
        depend(t4, t2, "FS", 0).expectStatus().isCreated();
        depend(t4, t3, "FS", 0).expectStatus().isCreated();

        String schedule = fx.http.get().uri("/api/v1/projects/" + project + "/schedule")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(read(schedule, "$.start")).isEqualTo("2026-12-07");
        assertThat(read(schedule, "$.finish")).isEqualTo("2026-12-12");
        assertThat(task(schedule, t2, "earlyStart")).isEqualTo("2026-12-10");   // skips the holiday
        assertThat(task(schedule, t2, "earlyFinish")).isEqualTo("2026-12-11");
        assertThat(task(schedule, t3, "earlyStart")).isEqualTo("2026-12-08");
        assertThat(task(schedule, t3, "totalFloat")).isEqualTo("2");
        assertThat(task(schedule, t4, "earlyStart")).isEqualTo("2026-12-12");   // the make-up Saturday
        assertThat(task(schedule, t1, "critical")).isEqualTo("true");
        assertThat((List<String>) JsonPath.read(schedule, "$.criticalPath")).containsExactly(t1, t2, t4);

        byte[] csv = fx.http.get().uri("/api/v1/projects/" + project + "/schedule/export?format=csv")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv")
                .returnResult(byte[].class).getResponseBody();
        String text = new String(csv, StandardCharsets.UTF_8);
        assertThat(text).contains("GNT-4,上线 Go-live,TODO,,,1,2026-12-12,2026-12-12");
        byte[] pdf = fx.http.get().uri("/api/v1/projects/" + project + "/schedule/export?format=pdf")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF)
                .returnResult(byte[].class).getResponseBody();
        assertThat(PdfText.extract(pdf)).contains("甘特图").contains("设计 Design").contains("上线 Go-live");
        fx.http.get().uri("/api/v1/projects/" + project + "/schedule/export?format=docx")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isBadRequest();
    }

    @Test
    void movingATaskShiftsItsSuccessorsWhenAskedAndSaysWhatMoved() {
        UUID project = fx.project("MOV");
        String a = id(fx.createTask(fx.member, project,
                "{\"title\": \"A\", \"startDate\": \"2026-12-07\", \"dueDate\": \"2026-12-08\"}"));
        String b = id(fx.createTask(fx.member, project,
                "{\"title\": \"B\", \"startDate\": \"2026-12-09\", \"dueDate\": \"2026-12-10\"}"));
        String c = id(fx.createTask(fx.member, project,
                "{\"title\": \"C\", \"startDate\": \"2026-12-21\", \"dueDate\": \"2026-12-21\"}"));
        depend(b, a, "FS", 0).expectStatus().isCreated();
        depend(c, b, "FS", 0).expectStatus().isCreated();

        String moved = fx.http.post().uri("/api/v1/tasks/" + a + "/move").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"startDate\": \"2026-12-07\", \"dueDate\": \"2026-12-10\", \"shiftSuccessors\": true}")
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(read(moved, "$.task.dueDate")).isEqualTo("2026-12-10");
        assertThat((List<String>) JsonPath.read(moved, "$.shifted[*].key")).containsExactly("MOV-2");
        assertThat(read(moved, "$.shifted[0].toStart")).isEqualTo("2026-12-11");
        assertThat(read(moved, "$.shifted[0].toDue")).isEqualTo("2026-12-14");
        fx.http.get().uri("/api/v1/tasks/" + b).header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectBody().jsonPath("$.startDate").isEqualTo("2026-12-11").jsonPath("$.version").isEqualTo(2);
        fx.http.get().uri("/api/v1/tasks/" + c).header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectBody().jsonPath("$.version").isEqualTo(1);

        String without = fx.http.post().uri("/api/v1/tasks/" + a + "/move").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"2\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"startDate\": \"2026-12-14\", \"dueDate\": \"2026-12-18\"}")
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(without, "$.shifted")).isEmpty();
        fx.http.post().uri("/api/v1/tasks/" + a + "/move").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"2\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"startDate\": \"2026-12-14\"}").exchange().expectStatus().isEqualTo(412);
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec depend(String successor,
            String predecessor, String type, int lag) {
        return fx.http.post().uri("/api/v1/tasks/" + successor + "/dependencies")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).contentType(MediaType.APPLICATION_JSON)
                .body("{\"predecessorId\": \"%s\", \"type\": \"%s\", \"lagDays\": %d}".formatted(predecessor, type, lag))
                .exchange();
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec setDay(String day,
            boolean working, String name, String ifMatch) {
        return fx.http.put().uri("/api/v1/calendar/days/" + day).header(HttpHeaders.AUTHORIZATION, bearer(owner))
                .header(HttpHeaders.IF_MATCH, ifMatch).contentType(MediaType.APPLICATION_JSON)
                .body("{\"working\": %s, \"name\": \"%s\"}".formatted(working, name)).exchange();
    }

    private static String task(String schedule, String id, String field) {
        List<Object> values = JsonPath.read(schedule, "$.tasks[?(@.id == '" + id + "')]." + field);
        return values.getFirst().toString();
    }

    private static String id(String json) {
        return read(json, "$.id");
    }
}
