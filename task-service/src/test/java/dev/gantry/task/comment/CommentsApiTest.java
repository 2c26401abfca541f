package dev.gantry.task.comment;

import static dev.gantry.task.TaskFixtures.bearer;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

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

import dev.gantry.task.TaskFixtures;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class CommentsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TaskFixtures fx;

    @BeforeEach
    void setUp() {
        fx = new TaskFixtures(port);
    }

    @Test
    void aCommentMentionsMembersMakesTheAuthorAWatcherAndIsRenderedSafely() {
        UUID project = fx.project("CMT");
        String task = read(fx.createTask(fx.manager, project, "{\"title\": \"Review 评审\"}"), "$.id");
        UUID outsider = UUID.randomUUID();
        String comment = fx.http.post().uri("/api/v1/tasks/" + task + "/comments")
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).contentType(MediaType.APPLICATION_JSON)
                .body("{\"body\": \"@%s please check, not @%s <img src=x onerror=alert(1)>\"}"
                        .formatted(fx.viewerId, outsider))
                .exchange().expectStatus().isCreated().returnResult(String.class).getResponseBody();
        assertThat((List<String>) JsonPath.read(comment, "$.mentionedUserIds")).containsExactly(fx.viewerId.toString());
        assertThat(read(comment, "$.bodyHtml")).doesNotContain("onerror");
        String commentId = read(comment, "$.id");

        String mention = jdbc.sql("select payload from outbox where aggregate_id = :id and event_type = :t")
                .param("id", UUID.fromString(commentId)).param("t", "gantry.comment.mentioned.v1")
                .query(String.class).single();
        assertThat((List<String>) JsonPath.read(mention, "$.data.mentionedUserIds")).containsExactly(fx.viewerId.toString());
        assertThat(read(mention, "$.data.taskKey")).isEqualTo("CMT-1");
        fx.http.get().uri("/api/v1/tasks/" + task).header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).exchange()
                .expectBody().jsonPath("$.watcherIds.length()").isEqualTo(2);

        // an edit mentions the manager newly: one more mention event, for the manager only
        fx.http.patch().uri("/api/v1/tasks/" + task + "/comments/" + commentId)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).header(HttpHeaders.IF_MATCH, "\"1\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"body\": \"@%s and @%s\"}".formatted(fx.viewerId, fx.managerId))
                .exchange().expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"2\"");
        List<String> mentions = jdbc.sql("""
                select payload from outbox where aggregate_id = :id and event_type = :t order by id
                """).param("id", UUID.fromString(commentId)).param("t", "gantry.comment.mentioned.v1")
                .query(String.class).list();
        assertThat(mentions).hasSize(2);
        assertThat((List<String>) JsonPath.read(mentions.get(1), "$.data.mentionedUserIds"))
                .containsExactly(fx.managerId.toString());

        fx.http.patch().uri("/api/v1/tasks/" + task + "/comments/" + commentId)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.manager)).header(HttpHeaders.IF_MATCH, "\"2\"")
                .contentType(MediaType.APPLICATION_JSON).body("{\"body\": \"hijack\"}")
                .exchange().expectStatus().isForbidden();
        fx.http.delete().uri("/api/v1/tasks/" + task + "/comments/" + commentId)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.member)).header(HttpHeaders.IF_MATCH, "\"1\"")
                .exchange().expectStatus().isEqualTo(412);
        // a manager may delete anyone's comment
        fx.http.delete().uri("/api/v1/tasks/" + task + "/comments/" + commentId)
                .header(HttpHeaders.AUTHORIZATION, bearer(fx.manager)).header(HttpHeaders.IF_MATCH, "\"2\"")
                .exchange().expectStatus().isNoContent();
        fx.http.get().uri("/api/v1/tasks/" + task + "/comments").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        assertThat(jdbc.sql("select count(*) from outbox where aggregate_id = :id and event_type = :t")
                .param("id", UUID.fromString(commentId)).param("t", "gantry.comment.deleted.v1")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void viewersCannotCommentAndEmptyCommentsAreRefused() {
        UUID project = fx.project("CMV");
        String task = read(fx.createTask(project, "Quiet"), "$.id");
        fx.http.post().uri("/api/v1/tasks/" + task + "/comments").header(HttpHeaders.AUTHORIZATION, bearer(fx.viewer))
                .contentType(MediaType.APPLICATION_JSON).body("{\"body\": \"hi\"}")
                .exchange().expectStatus().isForbidden();
        fx.http.post().uri("/api/v1/tasks/" + task + "/comments").header(HttpHeaders.AUTHORIZATION, bearer(fx.member))
                .contentType(MediaType.APPLICATION_JSON).body("{\"body\": \" \"}")
                .exchange().expectStatus().isBadRequest();
    }
}
