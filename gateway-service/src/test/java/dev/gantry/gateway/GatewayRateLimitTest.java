package dev.gantry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

/** Token buckets in Redis per user, per tenant and per client address, with small buckets so a test can empty them. */
@GantryIntegrationTest
class GatewayRateLimitTest {

    private static final StandInService PROJECTS = StandInService.start("project-service", new ConcurrentHashMap<>());
    private static final StandInService USERS = StandInService.start("user-service", new ConcurrentHashMap<>());

    @DynamicPropertySource
    static void smallBuckets(DynamicPropertyRegistry registry) {
        registry.add("gantry.services.project-service", PROJECTS::url);
        registry.add("gantry.services.user-service", USERS::url);
        // a request costs 30 tokens and buckets refill 1 a second: a slow machine never refills one in test time
        for (String bucket : new String[] {"user", "tenant", "anonymous"}) {
            registry.add("gantry.gateway.rate-limits." + bucket + ".replenish-rate", () -> 1);
            registry.add("gantry.gateway.rate-limits." + bucket + ".tokens-per-request", () -> 30);
        }
        registry.add("gantry.gateway.rate-limits.user.burst-capacity", () -> 3 * 30);
        registry.add("gantry.gateway.rate-limits.tenant.burst-capacity", () -> 5 * 30);
        registry.add("gantry.gateway.rate-limits.anonymous.burst-capacity", () -> 2 * 30);
        registry.add("management.server.port", () -> 0);
    }

    @AfterAll
    static void stopStandIns() {
        PROJECTS.stop();
        USERS.stop();
    }

    @LocalServerPort
    int port;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aUserWhoEmptiedTheirBucketIsToldToRetryWhileOthersAreNot() {
        TestTenant tenant = TestTenant.create();
        String busy = tenant.token("MEMBER");
        for (int i = 0; i < 3; i++) {
            get(busy).expectStatus().isOk().expectHeader().exists("X-RateLimit-Remaining");
        }
        var refused = get(busy).expectStatus().isEqualTo(429);
        refused.expectHeader().value("Retry-After", retryAfter -> assertRetryAfterIsTheRefillTime(retryAfter,
                        refused.returnResult(String.class).getResponseHeaders()))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/rate-limited")
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.traceId").isNotEmpty();

        get(TestTenant.create().token("MEMBER")).expectStatus().isOk();
    }

    @Test
    void aTenantsUsersShareTheTenantsBucket() {
        TestTenant tenant = TestTenant.create();
        int allowed = 0;
        for (int user = 0; user < 3; user++) {
            String token = tenant.token("MEMBER");
            for (int call = 0; call < 2; call++) {
                int status = get(token).returnResult(String.class).getStatus().value();
                if (status == 200) {
                    allowed++;
                } else {
                    assertThat(status).isEqualTo(429);
                }
            }
        }
        assertThat(allowed).as("calls of one tenant let through (tenant bucket of 5, users' buckets of 3)")
                .isEqualTo(5);
    }

    @Test
    void callsWithoutATokenSpendFromTheirAddressesBucket() {
        String otherClient = "203.0.113." + (1 + Math.abs(UUID.randomUUID().hashCode() % 250));
        for (int i = 0; i < 2; i++) {
            signUp(otherClient).expectStatus().isOk();
        }
        var refused = signUp(otherClient).expectStatus().isEqualTo(429);
        refused.expectHeader().value("Retry-After", retryAfter -> assertRetryAfterIsTheRefillTime(retryAfter,
                refused.returnResult(String.class).getResponseHeaders()));
        signUp("198.51.100.7").expectStatus().isOk();
    }

    /** A request costs 30 tokens, refilled one a second: the wait is what the bucket lacks of 30, in seconds. */
    private static void assertRetryAfterIsTheRefillTime(String retryAfter, HttpHeaders headers) {
        long remaining = Long.parseLong(headers.getFirst("X-RateLimit-Remaining"));
        assertThat(remaining).isBetween(0L, 29L);
        assertThat(Long.parseLong(retryAfter)).isEqualTo(30 - remaining);
    }

    private RestTestClient.ResponseSpec get(String token) {
        return http.get().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange();
    }

    private RestTestClient.ResponseSpec signUp(String clientAddress) {
        return http.post().uri("/api/v1/tenants").header("X-Forwarded-For", clientAddress)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "Acme")).exchange();
    }
}
