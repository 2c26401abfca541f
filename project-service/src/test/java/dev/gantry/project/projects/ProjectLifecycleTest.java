package dev.gantry.project.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.events.EventsProperties;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.Topics;
import dev.gantry.project.Api;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/** Changing, archiving, deleting and restoring projects, their members, and permission-filtered lists. */
@GantryIntegrationTest
class ProjectLifecycleTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsProperties events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ProjectRetention retention;

    Api api;
    TestTenant tenant = TestTenant.create();
    UUID managerId = UUID.randomUUID();
    String manager;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        manager = tenant.tokenFor(managerId, "MEMBER");
    }

    @Test
    void changesAProjectUnderIfMatchAndPublishesTheChange() {
        Api.Answer created = create("CHG", "Checkout");
        String id = created.read("$.id");
        assertThat(created.etag()).isEqualTo("\"1\"");

        assertThat(api.patch("/api/v1/projects/" + id, manager, null, "{\"name\":\"x\"}").status()).isEqualTo(428);
        assertThat(api.patch("/api/v1/projects/" + id, manager, "\"5\"", "{\"name\":\"x\"}").status()).isEqualTo(412);
        Api.Answer changed = api.patch("/api/v1/projects/" + id, manager, "\"1\"",
                "{\"name\":\"收银台 Checkout\",\"targetDate\":\"2027-06-30\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.etag()).isEqualTo("\"2\"");
        assertThat((String) changed.read("$.name")).isEqualTo("收银台 Checkout");

        Api.Answer badDates = api.patch("/api/v1/projects/" + id, manager, "\"2\"", "{\"startDate\":\"2027-07-01\"}");
        assertThat(badDates.status()).isEqualTo(400);
        Api.Answer keyChange = api.patch("/api/v1/projects/" + id, manager, "\"2\"", "{\"key\":\"NEW\"}");
        assertThat(keyChange.status()).isEqualTo(200);
        assertThat((String) keyChange.read("$.key")).isEqualTo("CHG");

        DocumentContext event = eventOf(id, "gantry.project.updated.v1");
        assertThat((Integer) event.read("$.aggregateversion")).isEqualTo(2);
        assertThat((List<String>) event.read("$.data.changedFields")).containsExactly("name", "targetDate");
        assertThat((String) event.read("$.data.ownerId")).isEqualTo(managerId.toString());
    }

    @Test
    void managesMembersWithRolesAndDutiesAsEvents() {
        String id = create("MEM", "Members").read("$.id");
        UUID qa = UUID.randomUUID();

        Api.Answer unknownDuty = api.post("/api/v1/projects/" + id + "/members", manager,
                "{\"userId\":\"" + qa + "\",\"role\":\"MEMBER\",\"duties\":[\"QA\",\"ASTROLOGER\"]}");
        assertThat(unknownDuty.status()).isEqualTo(400);
        assertThat((String) unknownDuty.read("$.errors[0].message")).contains("ASTROLOGER");

        Api.Answer added = api.post("/api/v1/projects/" + id + "/members", manager,
                "{\"userId\":\"" + qa + "\",\"role\":\"MEMBER\",\"duties\":[\"QA\"]}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.etag()).isEqualTo("\"2\"");
        Api.Answer changed = api.patch("/api/v1/projects/" + id + "/members/" + qa, manager, "\"2\"",
                "{\"role\":\"MANAGER\",\"duties\":[\"QA\",\"OPS\"]}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.etag()).isEqualTo("\"3\"");

        // the last manager cannot leave; the owner cannot be removed
        String qaToken = tenant.tokenFor(qa, "MEMBER");
        assertThat(api.delete("/api/v1/projects/" + id + "/members/" + managerId, qaToken, "\"3\"").read("$.type")
                .toString()).endsWith("/owner-cannot-leave");
        Api.Answer removed = api.delete("/api/v1/projects/" + id + "/members/" + qa, manager, "\"3\"");
        assertThat(removed.status()).isEqualTo(204);
        Api.Answer demoteLast = api.patch("/api/v1/projects/" + id + "/members/" + managerId, manager, "\"4\"",
                "{\"role\":\"VIEWER\"}");
        assertThat(demoteLast.status()).isEqualTo(409);
        assertThat((String) demoteLast.read("$.type")).endsWith("/last-manager");

        DocumentContext addedEvent = eventOf(id, "gantry.project.member-added.v1");
        assertThat((Integer) addedEvent.read("$.aggregateversion")).isEqualTo(2);
        assertThat((List<String>) addedEvent.read("$.data.member.duties")).containsExactly("QA");
        DocumentContext changedEvent = eventOf(id, "gantry.project.member-changed.v1");
        assertThat((String) changedEvent.read("$.data.member.role")).isEqualTo("MANAGER");
        assertThat((List<String>) changedEvent.read("$.data.member.duties")).containsExactly("QA", "OPS");
        assertThat((List<String>) changedEvent.read("$.data.changedFields")).containsExactly("role", "duties");
        DocumentContext removedEvent = eventOf(id, "gantry.project.member-removed.v1");
        assertThat((Integer) removedEvent.read("$.aggregateversion")).isEqualTo(4);
        assertThat((String) removedEvent.read("$.data.userId")).isEqualTo(qa.toString());

        // only managers and admins manage members
        String member = tenant.token("MEMBER");
        assertThat(api.post("/api/v1/projects/" + id + "/members", member,
                "{\"userId\":\"" + UUID.randomUUID() + "\",\"role\":\"MEMBER\"}").status()).isEqualTo(404);
        assertThat(api.post("/api/v1/projects/" + id + "/members", tenant.token("ADMIN"),
                "{\"userId\":\"" + UUID.randomUUID() + "\",\"role\":\"VIEWER\"}").status()).isEqualTo(201);
    }

    @Test
    void archivesRestoresDeletesAndPurgesAfterTheRetention() {
        String id = create("ARC", "Archive me").read("$.id");

        Api.Answer archived = api.post("/api/v1/projects/" + id + "/archive", manager, "\"1\"", null);
        assertThat((String) archived.read("$.status")).isEqualTo("ARCHIVED");
        assertThat(api.patch("/api/v1/projects/" + id, manager, "\"2\"", "{\"name\":\"x\"}").status()).isEqualTo(409);
        Api.Answer restored = api.post("/api/v1/projects/" + id + "/restore", manager, "\"2\"", null);
        assertThat((String) restored.read("$.status")).isEqualTo("ACTIVE");

        assertThat(api.delete("/api/v1/projects/" + id, manager, null).status()).isEqualTo(428);
        assertThat(api.delete("/api/v1/projects/" + id, manager, "\"3\"").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/projects/" + id, manager).status()).isEqualTo(404);
        assertThat(eventOf(id, "gantry.project.deleted.v1").read("$.data.key").toString()).isEqualTo("ARC");

        // within the retention an admin restores it; a manager cannot see it any more
        assertThat(api.post("/api/v1/projects/" + id + "/restore", manager, "\"4\"", null).status()).isEqualTo(404);
        String admin = tenant.token("ADMIN");
        assertThat(api.post("/api/v1/projects/" + id + "/restore", admin, "\"4\"", null).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/projects/" + id, admin, "\"5\"").status()).isEqualTo(204);

        assertThat(retention.purge()).doesNotContain(UUID.fromString(id));
        TenantContext.runAs(tenant.tenantId(), () -> transactions.executeWithoutResult(s -> jdbc.sql(
                "update projects set deleted_at = now() - interval '31 days' where id = :id")
                .param("id", UUID.fromString(id)).update()));
        assertThat(retention.purge()).contains(UUID.fromString(id));
        assertThat(api.post("/api/v1/projects/" + id + "/restore", admin, "\"6\"", null).status()).isEqualTo(404);
    }

    @Test
    void listsOnlyVisibleProjectsFilteredAndSorted() {
        String alpha = create("ALP", "Alpha 支付").read("$.id");
        create("BET", "Beta");
        String gamma = create("GAM", "Gamma 支付").read("$.id");
        api.post("/api/v1/projects/" + gamma + "/archive", manager, "\"1\"", null);
        UUID other = UUID.randomUUID();
        String otherToken = tenant.tokenFor(other, "MEMBER");
        create(otherToken, "OTH", "Other's");
        api.post("/api/v1/projects/" + alpha + "/members", manager,
                "{\"userId\":\"" + other + "\",\"role\":\"VIEWER\"}");

        assertThat(keys("/api/v1/projects?sort=key", manager)).containsExactly("ALP", "BET", "GAM");
        assertThat(keys("/api/v1/projects?sort=-name", manager)).containsExactly("GAM", "BET", "ALP");
        assertThat(keys("/api/v1/projects?status=ARCHIVED", manager)).containsExactly("GAM");
        assertThat(keys("/api/v1/projects?q=支付&sort=key", manager)).containsExactly("ALP", "GAM");
        assertThat(keys("/api/v1/projects?member=" + other + "&sort=key", manager)).containsExactly("ALP");
        assertThat(keys("/api/v1/projects?sort=key", otherToken)).containsExactly("ALP", "OTH");
        assertThat(keys("/api/v1/projects?sort=key", tenant.token("ADMIN"))).containsExactly("ALP", "BET", "GAM", "OTH");
        assertThat(keys("/api/v1/projects?sort=key", tenant.token("GUEST"))).isEmpty();

        Api.Answer page1 = api.get("/api/v1/projects?sort=-name&limit=2", manager);
        assertThat((List<String>) page1.read("$.items[*].key")).containsExactly("GAM", "BET");
        String cursor = page1.read("$.nextCursor");
        assertThat(keys("/api/v1/projects?sort=-name&limit=2&cursor=" + cursor, manager)).containsExactly("ALP");

        assertThat(api.get("/api/v1/projects?sort=password", manager).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/projects?status=GONE", manager).status()).isEqualTo(400);
        // a non-member of the tenant's project sees a 404, as if it did not exist
        assertThat(api.get("/api/v1/projects/" + gamma, otherToken).status()).isEqualTo(404);
    }

    private List<String> keys(String uri, String token) {
        Api.Answer answer = api.get(uri, token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.read("$.items[*].key");
    }

    private Api.Answer create(String key, String name) {
        return create(manager, key, name);
    }

    private Api.Answer create(String token, String key, String name) {
        Api.Answer created = api.post("/api/v1/projects", token, "{\"key\":\"" + key + "\",\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private DocumentContext eventOf(String projectId, String type) {
        return TestEvents.readUntil(events.topic(Topics.PROJECTS), found -> found.stream()
                        .anyMatch(r -> projectId.equals(r.key()) && r.value().contains(type)), Duration.ofSeconds(30))
                .stream().filter(r -> projectId.equals(r.key()) && r.value().contains(type))
                .map(r -> JsonPath.parse(r.value())).findFirst().orElseThrow();
    }
}
