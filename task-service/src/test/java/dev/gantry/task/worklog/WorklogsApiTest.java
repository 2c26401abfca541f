package dev.gantry.task.worklog;

import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class WorklogsApiTest {

    @LocalServerPort
    int port;

    TaskFixtures fx;
    LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
    }

    @Test
    void loggingTimeBurnsDownTheRemainingEstimateAndOnlyTheAuthorEditsIt() {
        UUID project = fx.project("WLG");
        String task = read(fx.createTask(fx.member, project, "{\"title\": \"Estimate\", \"estimateMinutes\": 600}"), "$.id");
        String worklog = log(fx.member, task, today, 240, null).expectStatus().isCreated()
                .returnResult(String.class).getResponseBody();
        fx.http.get().uri("/api/v1/tasks/" + task).header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectBody().jsonPath("$.remainingMinutes").isEqualTo(360).jsonPath("$.version").isEqualTo(2);
        log(fx.member, task, today, 60, 500L).expectStatus().isCreated();
        fx.http.get().uri("/api/v1/tasks/" + task).header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectBody().jsonPath("$.remainingMinutes").isEqualTo(500);

        String id = read(worklog, "$.id");
        fx.http.patch().uri("/api/v1/worklogs/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.manager))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"workDate\": \"%s\", \"minutes\": 30}".formatted(today)).exchange().expectStatus().isForbidden();
        fx.http.patch().uri("/api/v1/worklogs/" + id).header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"workDate\": \"%s\", \"minutes\": 180, \"note\": \"联调\"}".formatted(today))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.minutes").isEqualTo(180);
        log(fx.member, task, today, 23 * 60, null).expectStatus().isBadRequest();
        log(fx.member, task, today.plusDays(5), 60, null).expectStatus().isBadRequest();
        log(fx.viewer, task, today, 60, null).expectStatus().isForbidden();
    }

    @Test
    void reportsSumTimeByUserAndTaskPerWeekAsJsonCsvAndExcel() throws IOException {
        UUID project = fx.project("RPT");
        String a = read(fx.createTask(project, "报表 A"), "$.id");
        String b = read(fx.createTask(project, "B"), "$.id");
        LocalDate monday = today.minusDays(today.getDayOfWeek().getValue() - 1L);
        log(fx.member, a, monday, 120, null).expectStatus().isCreated();
        log(fx.member, b, monday, 60, null).expectStatus().isCreated();
        log(fx.manager, a, monday.minusWeeks(1), 30, null).expectStatus().isCreated();

        String byUser = report(project, "groupBy=user&period=week&format=json");
        assertThat(read(byUser, "$.totalMinutes")).isEqualTo("210");
        assertThat((List<Integer>) JsonPath.read(byUser, "$.totals[?(@.group == '" + fx.memberId + "')].minutes"))
                .containsExactly(180);
        assertThat((List<String>) JsonPath.read(byUser, "$.rows[?(@.group == '" + fx.managerId + "')].period"))
                .containsExactly(monday.minusWeeks(1).toString());
        String byTask = report(project, "groupBy=task&period=month&format=json");
        assertThat((List<String>) JsonPath.read(byTask, "$.totals[*].label")).contains("RPT-1 报表 A", "RPT-2 B");

        String csv = new String(fx.http.get().uri("/api/v1/projects/" + project + "/worklogs/report?from="
                        + monday.minusWeeks(2) + "&to=" + today + "&groupBy=task&period=week&format=csv")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(byte[].class).getResponseBody(), StandardCharsets.UTF_8);
        assertThat(csv).contains("RPT-1 报表 A," + monday + ",120,2.00").contains("total,,total,210,3.50");

        byte[] xlsx = fx.http.get().uri("/api/v1/projects/" + project + "/worklogs/report?from="
                        + monday.minusWeeks(2) + "&to=" + today + "&groupBy=task&period=week&format=xlsx")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .expectHeader().contentType(WorklogController.XLSX).returnResult(byte[].class).getResponseBody();
        String sheets = zipText(xlsx);
        assertThat(sheets).contains(">210<").contains("<v>120</v>");
        // fastexcel writes non-ASCII text as XML character references
        assertThat(sheets).contains("RPT-1 &#x62a5;&#x8868; A");

        String everywhere = fx.http.get().uri("/api/v1/worklogs/report?from=" + monday.minusWeeks(2) + "&to=" + today)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(everywhere, "$.totals[*].label")).containsExactly("RPT Project RPT");
        String stranger = fx.http.get().uri("/api/v1/worklogs/report?from=" + monday.minusWeeks(2) + "&to=" + today)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.tenant.token("MEMBER"))).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(read(stranger, "$.totalMinutes")).isEqualTo("0");
        fx.http.get().uri("/api/v1/projects/" + project + "/worklogs/report?from=" + today + "&to=" + today
                + "&groupBy=colour").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange()
                .expectStatus().isBadRequest();
    }

    private String report(UUID project, String query) {
        return fx.http.get().uri("/api/v1/projects/" + project + "/worklogs/report?from=" + today.minusWeeks(3)
                        + "&to=" + today + "&" + query)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec log(String token, String task,
            LocalDate day, int minutes, Long remaining) {
        return fx.http.post().uri("/api/v1/tasks/" + task + "/worklogs").header(HttpHeaders.AUTHORIZATION, bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"workDate\": \"%s\", \"minutes\": %d%s}".formatted(day, minutes,
                        remaining == null ? "" : ", \"remainingMinutes\": " + remaining))
                .exchange();
    }

    private static String zipText(byte[] zip) throws IOException {
        // the central directory holds the sizes a streamed entry's local header leaves out
        java.nio.file.Path file = java.nio.file.Files.createTempFile("report", ".xlsx");
        StringBuilder text = new StringBuilder();
        try {
            java.nio.file.Files.write(file, zip);
            try (ZipFile xlsx = new ZipFile(file.toFile())) {
                for (ZipEntry entry : java.util.Collections.list(xlsx.entries())) {
                    text.append(entry.getName()).append('\n');
                    text.append(new String(xlsx.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        return text.toString();
    }
}
