package dev.gantry.user.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class AuditApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void recordsRoleChangesForAdminsToRead() {
        Organisation org = Organisation.signUp(http);
        UUID user = org.addUser("MEMBER");
        promote(org, user, "\"1\"");

        http.get().uri("/api/v1/audit-events?type=user.roles-changed")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].actorId").isEqualTo(org.ownerId().toString())
                .jsonPath("$.items[0].subjectId").isEqualTo(user.toString())
                .jsonPath("$.items[0].details.before").isEqualTo("MEMBER")
                .jsonPath("$.items[0].details.after").isEqualTo("ADMIN")
                .jsonPath("$.items[0].seq").isEqualTo(3);
        http.get().uri("/api/v1/audit-events").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(user))
                .exchange().expectStatus().isOk(); // now an admin
        UUID member = org.addUser("MEMBER");
        http.get().uri("/api/v1/audit-events").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(member))
                .exchange().expectStatus().isForbidden();
        http.get().uri("/api/v1/audit-events/verify").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.tokenFor(member))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void pagesNewestFirstWithACursor() {
        Organisation org = Organisation.signUp(http);
        for (int i = 0; i < 4; i++) {
            org.addUser("MEMBER");
        }
        String first = read(org, "/api/v1/audit-events?type=user.created&limit=3");
        assertThat(JsonPath.<List<Integer>>read(first, "$.items[*].seq")).containsExactly(5, 4, 3);
        String second = read(org, "/api/v1/audit-events?type=user.created&limit=3&cursor="
                + JsonPath.read(first, "$.nextCursor"));
        assertThat(JsonPath.<List<Integer>>read(second, "$.items[*].seq")).containsExactly(2, 1);
        assertThat(JsonPath.<Object>read(second, "$.nextCursor")).isNull();
        http.get().uri("/api/v1/audit-events?from=yesterday").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void anotherOrganisationsAuditEventsAreInvisible() {
        Organisation mine = Organisation.signUp(http);
        Organisation theirs = Organisation.signUp(http);
        UUID theirUser = theirs.addUser("MEMBER");
        promote(theirs, theirUser, "\"1\"");

        String found = read(mine, "/api/v1/audit-events?subjectId=" + theirUser);
        assertThat(JsonPath.<List<Object>>read(found, "$.items")).isEmpty();
        String all = read(mine, "/api/v1/audit-events");
        assertThat(JsonPath.<List<String>>read(all, "$.items[*].tenantId")).containsOnly(mine.tenantId().toString());
    }

    @Test
    void verifyDetectsAnEntryAlteredDirectlyInTheDatabase() {
        Organisation org = Organisation.signUp(http);
        UUID user = org.addUser("MEMBER");
        promote(org, user, "\"1\"");
        org.addUser("MEMBER");

        http.get().uri("/api/v1/audit-events/verify").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.intact").isEqualTo(true).jsonPath("$.entriesChecked").isEqualTo(4);

        String promotion = JsonPath.read(read(org, "/api/v1/audit-events?type=user.roles-changed"), "$.items[0].id");
        jdbc.sql("select tamper_audit_event_for_test(:id, :details)").param("id", UUID.fromString(promotion))
                .param("details", "{\"before\":\"MEMBER\",\"after\":\"MEMBER\"}").query((rs, row) -> 1).single();

        http.get().uri("/api/v1/audit-events/verify").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.intact").isEqualTo(false)
                .jsonPath("$.entriesChecked").isEqualTo(2)
                .jsonPath("$.firstBreak.seq").isEqualTo(3)
                .jsonPath("$.firstBreak.entryId").isEqualTo(promotion)
                .jsonPath("$.firstBreak.reason").isEqualTo("content does not match its hash");
    }

    @Test
    void verifyDetectsARemovedEntry() {
        Organisation org = Organisation.signUp(http);
        org.addUser("MEMBER");
        org.addUser("MEMBER");
        String second = JsonPath.read(read(org, "/api/v1/audit-events?limit=3"), "$.items[1].id");
        jdbc.sql("select delete_audit_event_for_test(:id)").param("id", UUID.fromString(second))
                .query((rs, row) -> 1).single();

        http.get().uri("/api/v1/audit-events/verify").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.intact").isEqualTo(false)
                .jsonPath("$.firstBreak.seq").isEqualTo(2);
    }

    @Test
    void theServiceCannotChangeOrRemoveAuditEntries() {
        Organisation org = Organisation.signUp(http);
        assertThatThrownBy(() -> TenantContext.runAs(org.tenantId(), () -> transactions.executeWithoutResult(s ->
                jdbc.sql("update audit_events set type = 'nothing' where tenant_id = :t").param("t", org.tenantId())
                        .update())))
                .rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> TenantContext.runAs(org.tenantId(), () -> transactions.executeWithoutResult(s ->
                jdbc.sql("delete from audit_events where tenant_id = :t").param("t", org.tenantId()).update())))
                .rootCause().hasMessageContaining("permission denied");
        Boolean triggerGuards = jdbc.sql("""
                select count(*) = 2 from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal
                """).query(Boolean.class).single();
        assertThat(triggerGuards).isTrue();
    }

    private String read(Organisation org, String uri) {
        return http.get().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
    }

    private void promote(Organisation org, UUID user, String ifMatch) {
        http.put().uri("/api/v1/users/" + user + "/roles").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, ifMatch).contentType(MediaType.APPLICATION_JSON)
                .body("{\"roles\":[\"ADMIN\"]}").exchange().expectStatus().isOk();
    }
}
