package dev.gantry.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.search.SearchClient;
import dev.gantry.search.Sources;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

/**
 * The search API over documents indexed from real events in the real Elasticsearch node: Chinese and English text,
 * filters, facets, highlights, cursor pages, the filter language and its errors, and who sees what.
 */
@GantryIntegrationTest
class SearchApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @LocalServerPort
    int port;

    SearchClient client;
    TestTenant tenant = TestTenant.create();
    UUID user = UUID.randomUUID();
    UUID colleague = UUID.randomUUID();
    String member;
    String owner;
    UUID payments;
    UUID secret;

    @BeforeEach
    void indexATenant() {
        client = SearchClient.on(port);
        member = tenant.tokenFor(user, "MEMBER");
        owner = tenant.token("OWNER");
        UUID tenantId = tenant.tenantId();
        payments = Sources.project(tenantId, "PAY", "Payments 支付平台", Sources.member(user),
                Sources.member(colleague));
        secret = Sources.project(tenantId, "SEC", "Secret project", Sources.member(colleague));
        var callback = Sources.task(payments, "PAY-1", "支付回调失败 after timeout")
                .status("In progress", StatusCategory.IN_PROGRESS).assignee(user).labels("backend")
                .priority("HIGH").due(TODAY.plusDays(3));
        callback.publish(tenantId, 1);
        Sources.task(payments, "PAY-2", "回调配置 for 支付 gateway").status("Review", StatusCategory.IN_PROGRESS)
                .assignee(colleague).priority("LOW").due(TODAY.plusDays(30)).publish(tenantId, 1);
        Sources.task(payments, "PAY-3", "Payment callback retries").status("Done", StatusCategory.DONE)
                .priority("HIGHEST").publish(tenantId, 1);
        Sources.task(secret, "SEC-1", "支付回调 secret fix").publish(tenantId, 1);
        Sources.publishComment(tenantId, Sources.comment(callback, "支付回调 is flaky, see the logs"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(owner, Map.of()).body().get("total")
                .asLong()).isEqualTo(7));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(member, Map.of()).body().get("total")
                .asLong()).isEqualTo(5));
    }

    @Test
    void findsAChineseRunAsAPhraseNotAsScatteredCharacters() {
        assertThat(client.search(member, Map.of("q", "支付回调")).keys())
                .containsExactlyInAnyOrder("task:PAY-1", "comment:PAY-1");
        assertThat(client.search(member, Map.of("q", "支付 回调")).keys())
                .containsExactlyInAnyOrder("task:PAY-1", "task:PAY-2", "comment:PAY-1");
        assertThat(client.search(member, Map.of("q", "支付回调 timeout")).keys()).containsExactly("task:PAY-1");
    }

    @Test
    void findsEnglishWordsAndTaskKeys() {
        assertThat(client.search(member, Map.of("q", "callback retries")).keys()).containsExactly("task:PAY-3");
        assertThat(client.search(member, Map.of("q", "retries gateway")).keys()).isEmpty();
        assertThat(client.search(member, Map.of("q", "pay-2")).keys()).first().isEqualTo("task:PAY-2");
    }

    @Test
    void highlightsWhatMatched() {
        JsonNode item = client.search(member, Map.of("q", "timeout")).body().get("items").get(0);

        assertThat(item.get("key").asString()).isEqualTo("PAY-1");
        assertThat(item.get("highlights").get("title").get(0).asString()).contains("<em>timeout</em>");
        JsonNode chinese = client.search(member, Map.of("q", "支付回调", "type", "comment")).body().get("items").get(0);
        assertThat(chinese.get("highlights").get("text").get(0).asString()).contains("<em>支付回调</em>")
                .contains("is flaky");
    }

    @Test
    void filtersByTypeStatusAssigneeLabelAndDueDate() {
        assertThat(client.search(member, Map.of("status", "In progress")).keys()).containsExactly("task:PAY-1");
        assertThat(client.search(member, Map.of("status", List.of("In progress", "Review"))).keys())
                .containsExactlyInAnyOrder("task:PAY-1", "task:PAY-2");
        assertThat(client.search(member, Map.of("assignee", "me")).keys()).containsExactly("task:PAY-1");
        assertThat(client.search(member, Map.of("label", "backend")).keys()).containsExactly("task:PAY-1");
        assertThat(client.search(member, Map.of("type", "comment")).keys()).containsExactly("comment:PAY-1");
        assertThat(client.search(member, Map.of("type", "project")).keys()).containsExactly("project:PAY");
        assertThat(client.search(member, Map.of("dueTo", TODAY.plusDays(7).toString())).keys())
                .containsExactly("task:PAY-1");
        assertThat(client.search(member, Map.of("dueFrom", TODAY.plusDays(7).toString(), "type", "task")).keys())
                .containsExactly("task:PAY-2");
        assertThat(client.search(owner, Map.of("projectId", secret.toString())).keys())
                .containsExactlyInAnyOrder("project:SEC", "task:SEC-1");
    }

    @Test
    void countsFacetsOfWhatTheCallerMaySee() {
        JsonNode facets = client.search(member, Map.of()).body().get("facets");

        assertThat(counts(facets.get("type"))).isEqualTo(Map.of("task", 3L, "comment", 1L, "project", 1L));
        assertThat(counts(facets.get("project"))).isEqualTo(Map.of(payments.toString(), 5L));
        assertThat(counts(facets.get("status"))).containsEntry("In progress", 1L).containsEntry("Review", 1L)
                .containsEntry("Done", 1L);
        assertThat(counts(facets.get("assignee"))).isEqualTo(Map.of(user.toString(), 1L, colleague.toString(), 1L));
        assertThat(counts(client.search(owner, Map.of()).body().get("facets").get("type")))
                .isEqualTo(Map.of("task", 4L, "comment", 1L, "project", 2L));
    }

    @Test
    void pagesThroughResultsWithACursor() {
        List<String> seen = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> params = cursor == null ? Map.of("limit", 2) : Map.of("limit", 2, "cursor", cursor);
            SearchClient.Answer page = client.search(member, params);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("items").size()).isLessThanOrEqualTo(2);
            page.body().get("items").forEach(item -> ids.add(item.get("id").asString()));
            seen.addAll(page.keys());
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(5);
        assertThat(seen).containsExactlyInAnyOrder("project:PAY", "task:PAY-1", "task:PAY-2", "task:PAY-3",
                "comment:PAY-1");
    }

    @Test
    void refusesACursorOfAnotherSearchOrOneItDidNotIssue() {
        String cursor = client.search(member, Map.of("limit", 1)).body().get("nextCursor").asString();

        SearchClient.Answer other = client.search(member, Map.of("limit", 1, "cursor", cursor, "q", "支付"));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body().get("errors").get(0).get("field").asString()).isEqualTo("cursor");
        assertThat(client.search(member, Map.of("cursor", "not-a-cursor")).status()).isEqualTo(400);
    }

    @Test
    void runsTheFilterLanguage() {
        assertThat(client.search(member, Map.of("query",
                "assignee = me AND status in (\"In progress\", Review) AND due < 7d ORDER BY priority DESC")).keys())
                .containsExactly("task:PAY-1");
        assertThat(client.search(member, Map.of("query",
                "status in (\"In progress\", Review) ORDER BY priority DESC")).keys())
                .containsExactly("task:PAY-1", "task:PAY-2");
        assertThat(client.search(member, Map.of("query", "priority >= high ORDER BY priority ASC")).keys())
                .containsExactly("task:PAY-1", "task:PAY-3");
        assertThat(client.search(member, Map.of("query", "project = pay AND type = task AND NOT category = done"))
                .keys()).containsExactlyInAnyOrder("task:PAY-1", "task:PAY-2");
        assertThat(client.search(member, Map.of("query", "text ~ \"支付回调\" AND type != comment")).keys())
                .containsExactly("task:PAY-1");
        assertThat(client.search(member, Map.of("query", "assignee is empty AND type = task")).keys())
                .containsExactly("task:PAY-3");
    }

    @Test
    void explainsAQueryThatDoesNotParseWithItsPosition() {
        SearchClient.Answer twice = client.search(member, Map.of("query", "status = = Done"));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.body().get("type").asString()).isEqualTo("https://gantry.dev/problems/invalid-filter-query");
        assertThat(twice.body().get("line").asInt()).isEqualTo(1);
        assertThat(twice.body().get("column").asInt()).isEqualTo(10);

        SearchClient.Answer unknown = client.search(member, Map.of("query", "status = Done AND colour = red"));
        assertThat(unknown.body().get("column").asInt()).isEqualTo(19);
        assertThat(unknown.body().get("detail").asString()).contains("unknown field 'colour'");

        SearchClient.Answer unfinished = client.search(member, Map.of("query", "status = Done\nAND ("));
        assertThat(unfinished.status()).isEqualTo(400);
        assertThat(unfinished.body().get("line").asInt()).isEqualTo(2);

        SearchClient.Answer badDate = client.search(member, Map.of("query", "due < tomorrow"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body().get("column").asInt()).isEqualTo(7);

        SearchClient.Answer noProject = client.search(member, Map.of("query", "project = NOPE"));
        assertThat(noProject.status()).isEqualTo(400);
        assertThat(noProject.body().get("detail").asString()).contains("no project with key 'NOPE'");
    }

    @Test
    void anotherTenantFindsNothingOfThisOne() {
        String stranger = TestTenant.create().token("OWNER");

        assertThat(client.search(stranger, Map.of("q", "支付回调")).keys()).isEmpty();
        assertThat(client.search(stranger, Map.of("projectId", payments.toString())).keys()).isEmpty();
        assertThat(client.search(stranger, Map.of()).body().get("total").asLong()).isZero();
    }

    @Test
    void tenantAdminsSeeEveryProjectAndOthersOnlyTheirOwn() {
        assertThat(client.search(owner, Map.of("q", "支付回调")).keys())
                .containsExactlyInAnyOrder("task:PAY-1", "comment:PAY-1", "task:SEC-1");
        assertThat(client.search(member, Map.of("projectId", secret.toString())).keys()).isEmpty();
        String outsider = tenant.token("MEMBER");
        assertThat(client.search(outsider, Map.of()).body().get("total").asLong()).isZero();
        String guest = tenant.tokenFor(colleague, "GUEST");
        assertThat(client.search(guest, Map.of("q", "支付回调")).keys())
                .containsExactlyInAnyOrder("task:PAY-1", "comment:PAY-1", "task:SEC-1");
    }

    @Test
    void suggestsTaskKeysAndTitlesAsYouType() {
        SearchClient.Answer answer = client.get(member, "/api/v1/search/suggest", Map.of("prefix", "pay-"));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode byKey = answer.body().get("items");
        List<String> keys = new ArrayList<>();
        byKey.forEach(item -> keys.add(item.get("key").asString()));
        assertThat(keys).contains("PAY-1", "PAY-2", "PAY-3").doesNotContain("SEC-1");

        JsonNode byTitle = client.get(member, "/api/v1/search/suggest", Map.of("prefix", "支付回")).body()
                .get("items");
        assertThat(byTitle.get(0).get("key").asString()).isEqualTo("PAY-1");
        JsonNode english = client.get(member, "/api/v1/search/suggest", Map.of("prefix", "paym")).body().get("items");
        assertThat(english.get(0).get("title").asString()).isEqualTo("Payment callback retries");
    }

    @Test
    void refusesBadParametersWithProblems() {
        SearchClient.Answer limit = client.search(member, Map.of("limit", 500, "type", "bogus"));
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body().get("errors").size()).isEqualTo(2);
        assertThat(client.search(member, Map.of("q", "x".repeat(201))).status()).isEqualTo(400);
        assertThat(client.search(member, Map.of("assignee", "someone")).status()).isEqualTo(400);
        assertThat(client.search(member, Map.of("dueFrom", "tomorrow")).status()).isEqualTo(400);
        assertThat(client.get(member, "/api/v1/search/suggest", Map.of("prefix", "")).status()).isEqualTo(400);
        assertThat(client.search("not-a-token", Map.of()).status()).isEqualTo(401);
    }

    private static Map<String, Long> counts(JsonNode facet) {
        Map<String, Long> counts = new java.util.HashMap<>();
        facet.forEach(bucket -> counts.put(bucket.get("value").asString(), bucket.get("count").asLong()));
        return counts;
    }
}
