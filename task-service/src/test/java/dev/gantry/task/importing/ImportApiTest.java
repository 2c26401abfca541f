package dev.gantry.task.importing;

import static dev.gantry.task.TaskFixtures.WAIT;
import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class ImportApiTest {

    @LocalServerPort
    int port;

    TaskFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
    }

    @Test
    void theTemplateListsTheColumnsIncludingCustomFields() {
        UUID project = fx.project("TPL");
        fx.http.put().uri("/api/v1/projects/" + project + "/custom-fields/env")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.manager)).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"Env\", \"type\": \"SINGLE_SELECT\", \"options\": [\"prod\", \"test\"]}")
                .exchange().expectStatus().isOk();
        String csv = new String(fx.http.get().uri("/api/v1/projects/" + project + "/import/template")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(byte[].class).getResponseBody(), StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("\uFEFFtitle,description,type,priority,status,"
                + "assigneeId,labels,startDate,dueDate,estimateMinutes,cf.env");
        fx.http.get().uri("/api/v1/projects/" + project + "/import/template?format=xlsx")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .expectHeader().contentType(ImportController.XLSX);
    }

    @Test
    void aFileWithProblemsImportsNothingAndNamesEachRowAndColumn() {
        UUID project = fx.project("IMX");
        String file = """
                title,type,priority,dueDate,startDate
                Fine,TASK,HIGH,2026-12-10,2026-12-01
                Bad priority,TASK,URGENT,,
                ,BUG,LOW,2026-12-01,2026-12-05
                """;
        String refused = post(project, file).expectStatus().isEqualTo(422).returnResult(String.class)
                .getResponseBody();
        assertThat(read(refused, "$.type")).isEqualTo("https://gantry.dev/problems/import-invalid");
        assertThat((List<Integer>) JsonPath.read(refused, "$.errors[*].row")).containsExactly(3, 4, 4);
        assertThat((List<String>) JsonPath.read(refused, "$.errors[*].column"))
                .containsExactly("priority", "title", "dueDate");
        fx.http.get().uri("/api/v1/projects/" + project + "/tasks").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .exchange().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void aValidFileImportsOnceEvenWhenPostedAgain() {
        UUID project = fx.project("IMP");
        String file = "\uFEFFtitle,description,priority,labels,assigneeId,estimateMinutes\r\n"
                + "\"接口联调, API\",\"multi\nline\",HIGH,backend;api," + fx.memberId + ",960\r\n"
                + "Second,,LOW,,,\r\n";
        String first = post(project, file).expectStatus().isCreated().returnResult(String.class).getResponseBody();
        assertThat(read(first, "$.status")).isEqualTo("COMPLETED");
        assertThat(read(first, "$.importedRows")).isEqualTo("2");
        String again = post(project, file).expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(read(again, "$.id")).isEqualTo(read(first, "$.id"));

        String tasks = fx.http.get().uri("/api/v1/projects/" + project + "/tasks")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(tasks, "$.items[*].title")).containsExactly("接口联调, API", "Second");
        assertThat(read(tasks, "$.items[0].description")).isEqualTo("multi\nline");
        assertThat((List<String>) JsonPath.read(tasks, "$.items[0].labels")).containsExactly("backend", "api");
        assertThat(read(tasks, "$.items[0].assigneeId")).isEqualTo(fx.memberId.toString());
    }

    @Test
    void aLargeExcelFileRunsAsAJobWithProgress() throws Exception {
        UUID project = fx.project("BIG");
        int rows = 450;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "test", "1.0");
        Worksheet sheet = workbook.newWorksheet("Tasks");
        sheet.value(0, 0, "title");
        sheet.value(0, 1, "estimateMinutes");
        for (int i = 1; i <= rows; i++) {
            sheet.value(i, 0, "导入 " + i);
            sheet.value(i, 1, 30 * i);
        }
        workbook.finish();

        String job = fx.http.post().uri("/api/v1/projects/" + project + "/import")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .contentType(MediaType.parseMediaType(ImportController.XLSX)).body(out.toByteArray())
                .exchange().expectStatus().isCreated().returnResult(String.class).getResponseBody();
        assertThat(read(job, "$.totalRows")).isEqualTo(String.valueOf(rows));
        String location = "/api/v1/projects/" + project + "/import/" + read(job, "$.id");
        await().atMost(WAIT).untilAsserted(() -> fx.http.get().uri(location)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("COMPLETED").jsonPath("$.importedRows").isEqualTo(rows));
        fx.http.get().uri("/api/v1/projects/" + project + "/tasks?sort=-key&limit=1")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectBody().jsonPath("$.items[0].key").isEqualTo("BIG-" + rows)
                .jsonPath("$.items[0].title").isEqualTo("导入 " + rows);
        fx.http.post().uri("/api/v1/projects/" + project + "/import").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .contentType(new MediaType("text", "csv")).body("title\nNope\n").exchange().expectStatus().isForbidden();
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec post(UUID project, String csv) {
        return fx.http.post().uri("/api/v1/projects/" + project + "/import")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).contentType(new MediaType("text", "csv"))
                .body(csv.getBytes(StandardCharsets.UTF_8)).exchange();
    }
}
