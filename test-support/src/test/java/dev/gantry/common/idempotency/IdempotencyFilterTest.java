package dev.gantry.common.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.commonit.CommonFeaturesApplication;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

/**
 * Idempotency-Key on a create, over HTTP against real PostgreSQL: a retry gets the first response and creates
 * nothing; another body under the same key is refused; parallel duplicates create one row; keys are per tenant.
 */
@GantryIntegrationTest
@SpringBootTest(classes = CommonFeaturesApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class IdempotencyFilterTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    RestTestClient http;
    TestTenant tenant = TestTenant.create();

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstResponseAndCreatesNothing() {
        String token = tenant.token("MEMBER");
        String key = UUID.randomUUID().toString();
        EntityExchangeResult<String> first = create(token, key, "retry me");
        EntityExchangeResult<String> retry = create(token, key, "retry me");

        assertThat(first.getStatus().value()).isEqualTo(201);
        assertThat(retry.getStatus().value()).isEqualTo(201);
        assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(retry.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(retry.getResponseHeaders().getETag()).isEqualTo("\"1\"");
        assertThat(retry.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(first.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(notes(tenant, "retry me")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndChangesNothing() {
        String token = tenant.token("MEMBER");
        String key = UUID.randomUUID().toString();
        create(token, key, "first body");

        EntityExchangeResult<String> other = create(token, key, "second body");

        assertThat(other.getStatus().value()).isEqualTo(422);
        assertThat(other.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        assertThat(other.getResponseBody()).contains("https://gantry.dev/problems/idempotency-key-reused");
        assertThat(notes(tenant, "second body")).isZero();
    }

    @Test
    void aKeyBelongsToItsTenantAndCaller() {
        String key = UUID.randomUUID().toString();
        assertThat(create(tenant.token("MEMBER"), key, "mine").getStatus().value()).isEqualTo(201);
        TestTenant other = TestTenant.create();

        EntityExchangeResult<String> sameKeyElsewhere = create(other.token("MEMBER"), key, "mine");

        assertThat(sameKeyElsewhere.getStatus().value()).isEqualTo(201);
        assertThat(sameKeyElsewhere.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER)).isNull();
        assertThat(notes(other, "mine")).isEqualTo(1);
    }

    @Test
    void parallelDuplicatesCreateOneRow() throws Exception {
        String token = tenant.token("MEMBER");
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Integer> seen = new ArrayList<>();
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Callable<Integer> call = () -> create(token, key, "parallel").getStatus().value();
                statuses.add(pool.submit(call));
            }
            for (Future<Integer> status : statuses) {
                seen.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).containsOnly(201, 409).contains(201);
        assertThat(notes(tenant, "parallel")).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIsRefusedBeforeAnythingRuns() {
        EntityExchangeResult<String> result = http.post().uri("/api/v1/notes")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token("MEMBER"))
                .header(IdempotencyFilter.HEADER, "x".repeat(201))
                .contentType(MediaType.APPLICATION_JSON).body("{\"text\":\"malformed\"}")
                .exchange().returnResult(String.class);

        assertThat(result.getStatus().value()).isEqualTo(400);
        assertThat(result.getResponseBody()).contains("invalid-idempotency-key");
        assertThat(notes(tenant, "malformed")).isZero();
    }

    @Test
    void withoutAKeyEveryRequestRuns() {
        String token = tenant.token("MEMBER");
        for (int i = 0; i < 2; i++) {
            http.post().uri("/api/v1/notes").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).body("{\"text\":\"twice\"}")
                    .exchange().expectStatus().isCreated();
        }
        assertThat(notes(tenant, "twice")).isEqualTo(2);
    }

    private EntityExchangeResult<String> create(String token, String idempotencyKey, String text) {
        return http.post().uri("/api/v1/notes").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(IdempotencyFilter.HEADER, idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"text\":\"" + text + "\"}")
                .exchange().returnResult(String.class);
    }

    private long notes(TestTenant owner, String text) {
        return TenantContext.callAs(owner.tenantId(), () -> transactions.execute(status ->
                jdbc.sql("select count(*) from notes where text = :text").param("text", text).query(Long.class)
                        .single()));
    }
}
