package dev.gantry.task.task;

import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class TaskListsTest {

    @LocalServerPort
    int port;

    TaskFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
    }

    @Test
    void filtersOnFieldsAndCustomFields() {
        UUID project = fx.project("FLT");
        fx.http.put().uri("/api/v1/projects/" + project + "/custom-fields/env")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.manager)).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"环境\", \"type\": \"SINGLE_SELECT\", \"options\": [\"prod\", \"staging\"]}")
                .exchange().expectStatus().isOk();
        fx.http.put().uri("/api/v1/projects/" + project + "/custom-fields/points")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.manager)).contentType(MediaType.APPLICATION_JSON)
                .body("{\"name\": \"Story points\", \"type\": \"NUMBER\"}")
                .exchange().expectStatus().isOk();
        fx.createTask(fx.member, project, """
                {"title": "Prod bug", "type": "BUG", "assigneeId": "%s", "labels": ["urgent"],
                 "customFields": {"env": "prod", "points": 3}}
                """.formatted(fx.memberId));
        fx.createTask(fx.member, project, """
                {"title": "Staging story", "type": "STORY", "customFields": {"env": "staging", "points": 5}}
                """);
        fx.createTask(project, "Plain");

        assertThat(titles(project, "cf.env=prod")).containsExactly("Prod bug");
        assertThat(titles(project, "cf.points=5")).containsExactly("Staging story");
        assertThat(titles(project, "type=BUG,STORY")).containsExactlyInAnyOrder("Prod bug", "Staging story");
        assertThat(titles(project, "assigneeId=" + fx.memberId)).containsExactly("Prod bug");
        assertThat(titles(project, "assigneeId=none")).containsExactlyInAnyOrder("Staging story", "Plain");
        assertThat(titles(project, "label=urgent")).containsExactly("Prod bug");
        assertThat(titles(project, "q=story")).containsExactly("Staging story");

        fx.http.post().uri("/api/v1/projects/" + project + "/tasks").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .contentType(MediaType.APPLICATION_JSON).body("{\"title\": \"Bad\", \"customFields\": {\"env\": \"dev\"}}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("customFields.env");
        fx.http.get().uri("/api/v1/projects/" + project + "/tasks?cf.unknown=1")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isBadRequest();
        fx.http.get().uri("/api/v1/projects/" + project + "/tasks?colour=red")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isBadRequest();
    }

    @Test
    void pagesThroughASortedListWithAKeysetCursor() {
        UUID project = fx.project("SRT");
        String[] dues = {"2026-12-05", "2026-12-01", null, "2026-12-03", "2026-12-01"};
        for (int i = 0; i < dues.length; i++) {
            fx.createTask(fx.member, project, dues[i] == null ? "{\"title\": \"T" + i + "\"}"
                    : "{\"title\": \"T" + i + "\", \"dueDate\": \"" + dues[i] + "\"}");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            String page = fx.http.get().uri("/api/v1/projects/" + project + "/tasks?sort=dueDate&limit=2"
                            + (cursor == null ? "" : "&cursor=" + cursor))
                    .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                    .returnResult(String.class).getResponseBody();
            seen.addAll(JsonPath.read(page, "$.items[*].title"));
            cursor = JsonPath.read(page, "$.nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactly("T1", "T4", "T3", "T0", "T2");

        String descending = fx.http.get().uri("/api/v1/projects/" + project + "/tasks?sort=-key&limit=3")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(descending, "$.items[*].key")).containsExactly("SRT-5", "SRT-4", "SRT-3");
        String next = JsonPath.read(descending, "$.nextCursor");
        fx.http.get().uri("/api/v1/projects/" + project + "/tasks?sort=dueDate&cursor=" + next)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isBadRequest();
    }

    @Test
    void myTasksSpanTheProjectsICanRead() {
        UUID first = fx.project("MY1");
        UUID second = fx.project("MY2");
        fx.createTask(fx.member, first, "{\"title\": \"Mine one\", \"assigneeId\": \"%s\"}".formatted(fx.memberId));
        fx.createTask(fx.member, second, "{\"title\": \"Mine two\", \"assigneeId\": \"%s\"}".formatted(fx.memberId));
        fx.createTask(fx.member, second, "{\"title\": \"Not mine\", \"assigneeId\": \"%s\"}".formatted(fx.managerId));

        String mine = fx.http.get().uri("/api/v1/my-tasks").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(mine, "$.items[*].title")).containsExactly("Mine one", "Mine two");
        String other = TaskFixtures.read(fx.http.get().uri("/api/v1/my-tasks")
                .header(HttpHeaders.AUTHORIZATION, bearer(new TaskFixtures(port).member)).exchange()
                .returnResult(String.class).getResponseBody(), "$.items.length()");
        assertThat(other).isEqualTo("0");
    }

    private List<String> titles(UUID project, String query) {
        String page = fx.http.get().uri("/api/v1/projects/" + project + "/tasks?" + query)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        return JsonPath.read(page, "$.items[*].title");
    }
}
