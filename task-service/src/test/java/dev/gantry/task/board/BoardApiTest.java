package dev.gantry.task.board;

import static dev.gantry.task.TaskFixtures.assertProblem;
import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class BoardApiTest {

    @LocalServerPort
    int port;

    TaskFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
    }

    @Test
    void cardsMoveBetweenTwoOthersAndIntoAnotherColumn() {
        UUID project = fx.project("BRD");
        String a = id(fx.createTask(project, "A"));
        String b = id(fx.createTask(project, "B"));
        String c = id(fx.createTask(project, "C"));
        assertThat(column(project, "TODO")).containsExactly("A", "B", "C");

        move(project, "{\"taskId\": \"%s\", \"afterTaskId\": \"%s\", \"beforeTaskId\": \"%s\"}".formatted(c, a, b))
                .expectStatus().isOk();
        assertThat(column(project, "TODO")).containsExactly("A", "C", "B");
        move(project, "{\"taskId\": \"%s\", \"beforeTaskId\": \"%s\"}".formatted(b, a)).expectStatus().isOk();
        assertThat(column(project, "TODO")).containsExactly("B", "A", "C");

        move(project, "{\"taskId\": \"%s\", \"status\": \"IN_PROGRESS\"}".formatted(a)).expectStatus().isOk()
                .expectBody().jsonPath("$.card.version").isEqualTo(2);
        assertThat(column(project, "TODO")).containsExactly("B", "C");
        assertThat(column(project, "IN_PROGRESS")).containsExactly("A");

        String refused = move(project, "{\"taskId\": \"%s\", \"status\": \"DONE\"}".formatted(b))
                .expectStatus().isEqualTo(409).returnResult(String.class).getResponseBody();
        assertProblem(refused, "transition-not-allowed");
        move(project, "{\"taskId\": \"%s\", \"afterTaskId\": \"%s\"}".formatted(b, a)).expectStatus().isBadRequest();
        fx.http.post().uri("/api/v1/projects/" + project + "/board/moves").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .contentType(MediaType.APPLICATION_JSON).body("{\"taskId\": \"%s\"}".formatted(c))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void parallelMovesKeepOneConsistentOrder() throws Exception {
        UUID project = fx.project("PMV");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(id(fx.createTask(project, "C" + i)));
        }
        String anchor = ids.getFirst();
        List<String> moved = ids.subList(4, 12);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String card : moved) {
                results.add(pool.submit(() -> move(project,
                        "{\"taskId\": \"%s\", \"afterTaskId\": \"%s\"}".formatted(card, anchor))
                        .returnResult(String.class).getStatus().value()));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        String board = board(project, "none");
        List<String> order = JsonPath.read(board, "$.lanes[0].cards.TODO[*].title");
        List<String> ranks = JsonPath.read(board, "$.lanes[0].cards.TODO[*].rank");
        assertThat(order).hasSize(12).doesNotHaveDuplicates();
        assertThat(ranks).doesNotHaveDuplicates().isSorted();
        assertThat(order.getFirst()).isEqualTo("C0");
        assertThat(order.subList(1, 9)).containsExactlyInAnyOrder("C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11");
        assertThat(order.subList(9, 12)).containsExactly("C1", "C2", "C3");
    }

    @Test
    void wipLimitsWarnOrRefuseAndSwimlanesGroupCards() {
        UUID project = fx.project("WIP");
        fx.http.put().uri("/api/v1/projects/" + project + "/workflow").header(HttpHeaders.AUTHORIZATION, bearer(fx.manager))
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON).body("""
                        {"statuses": [
                           {"status": "TODO", "name": "To do", "category": "TODO"},
                           {"status": "DOING", "name": "Doing", "category": "IN_PROGRESS", "wipLimit": 1, "wipPolicy": "ENFORCE"},
                           {"status": "REVIEW", "name": "Review", "category": "IN_PROGRESS", "wipLimit": 1, "wipPolicy": "WARN"},
                           {"status": "DONE", "name": "Done", "category": "DONE"}],
                         "transitions": [{"from": "TODO", "to": "DOING"}, {"from": "DOING", "to": "REVIEW"},
                                         {"from": "REVIEW", "to": "DONE"}]}
                        """).exchange().expectStatus().isOk();
        String a = id(fx.createTask(fx.member, project, "{\"title\": \"A\", \"priority\": \"HIGH\", \"assigneeId\": \"%s\"}"
                .formatted(fx.memberId)));
        String b = id(fx.createTask(fx.member, project, "{\"title\": \"B\", \"priority\": \"LOW\"}"));

        move(project, "{\"taskId\": \"%s\", \"status\": \"DOING\"}".formatted(a)).expectStatus().isOk()
                .expectBody().jsonPath("$.warnings.length()").isEqualTo(0);
        String full = move(project, "{\"taskId\": \"%s\", \"status\": \"DOING\"}".formatted(b))
                .expectStatus().isEqualTo(409).returnResult(String.class).getResponseBody();
        assertProblem(full, "wip-limit-reached");
        assertThat(column(project, "TODO")).containsExactly("B");

        move(project, "{\"taskId\": \"%s\", \"status\": \"REVIEW\"}".formatted(a)).expectStatus().isOk();
        move(project, "{\"taskId\": \"%s\", \"status\": \"DOING\"}".formatted(b)).expectStatus().isOk();
        move(project, "{\"taskId\": \"%s\", \"status\": \"REVIEW\"}".formatted(b)).expectStatus().isOk()
                .expectBody().jsonPath("$.warnings[0]").value(w -> assertThat((String) w).contains("WIP limit is 1"));
        String board = board(project, "priority");
        assertThat(read(board, "$.columns[2].overLimit")).isEqualTo("true");
        assertThat((List<String>) JsonPath.read(board, "$.lanes[?(@.key == 'HIGH')].cards.REVIEW[*].title"))
                .containsExactly("A");
        assertThat((List<String>) JsonPath.read(board(project, "assignee"),
                "$.lanes[?(@.key == '" + fx.memberId + "')].cards.REVIEW[*].title")).containsExactly("A");
    }

    private List<String> column(UUID project, String status) {
        return JsonPath.read(board(project, "none"), "$.lanes[0].cards." + status + "[*].title");
    }

    private String board(UUID project, String swimlanes) {
        return fx.http.get().uri("/api/v1/projects/" + project + "/board?swimlanes=" + swimlanes)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer)).exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec move(UUID project, String body) {
        return fx.http.post().uri("/api/v1/projects/" + project + "/board/moves")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).contentType(MediaType.APPLICATION_JSON)
                .body(body).exchange();
    }

    private static String id(String json) {
        return read(json, "$.id");
    }
}
