package dev.gantry.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.infra.FreePorts;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

/**
 * The gateway in front of stand-in services (real HTTP servers that report what reached them): routing of every
 * path family, token checks before routing, request ids, and problem+json for what the gateway refuses itself.
 */
@GantryIntegrationTest
class GatewayRoutingTest {

    private static final String WEB_APP = "https://app.gantry.test";
    private static final List<String> SERVICES = List.of("user-service", "project-service", "task-service",
            "search-service");
    private static final Map<String, StandInService> STAND_INS = new LinkedHashMap<>();
    /** What each stand-in last received, by service. */
    private static final Map<String, Map<String, String>> RECEIVED = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    RestTestClient http;
    String token = TestTenant.create().token("MEMBER");

    @DynamicPropertySource
    static void standInServices(DynamicPropertyRegistry registry) {
        for (String service : SERVICES) {
            StandInService standIn = STAND_INS.computeIfAbsent(service, name -> StandInService.start(name, RECEIVED));
            registry.add("gantry.services." + service, standIn::url);
        }
        // nothing listens there: the service is down
        registry.add("gantry.services.notification-service", () -> "http://127.0.0.1:" + FreePorts.find());
        registry.add("management.server.port", () -> 0);
        registry.add("gantry.gateway.browser.allowed-origins", () -> WEB_APP);
    }

    @AfterAll
    static void stopStandIns() {
        STAND_INS.values().forEach(StandInService::stop);
        STAND_INS.clear();
    }

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .build();
        RECEIVED.clear();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/projects, project-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11, project-service",
            "/api/v1/process-templates/standard, project-service",
            "/api/v1/releases, project-service",
            "/api/v1/milestones, project-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11/tasks, task-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11/schedule, task-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11/board/columns, task-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11/worklogs, task-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11/workflow, task-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11/custom-fields, task-service",
            "/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11/import, task-service",
            "/api/v1/tasks/PAY-1, task-service",
            "/api/v1/boards, task-service",
            "/api/v1/worklogs, task-service",
            "/api/v1/my-tasks, task-service",
            "/api/v1/me, user-service",
            "/api/v1/users, user-service",
            "/api/v1/tenants/current, user-service",
            "/api/v1/tokens, user-service",
            "/api/v1/clients, user-service",
            "/api/v1/audit-events, user-service",
            "/api/v1/search, search-service",
            "/api/v1/filters, search-service"})
    void routesEachPathFamilyToItsServiceWithTheTokenRelayedUnchanged(String path, String service) {
        http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo(service);
        assertThat(RECEIVED.get(service)).containsEntry("path", path).containsEntry("Authorization", "Bearer " + token);
    }

    @ParameterizedTest
    @CsvSource({"/api/v1/projects", "/api/v1/tasks", "/api/v1/me", "/api/v1/notifications", "/api/v1/search"})
    void refusesProtectedPathsWithoutATokenBeforeRouting(String path) {
        http.get().uri(path).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/unauthorized")
                .jsonPath("$.instance").isEqualTo(path)
                .jsonPath("$.traceId").isNotEmpty();
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void refusesATokenFromAnotherIssuer() {
        String forged = dev.gantry.infra.token.DevTokenIssuer.inMemory("https://issuer.gantry.test")
                .accessToken(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), List.of("OWNER"),
                        Duration.ofMinutes(5));
        http.get().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + forged).exchange()
                .expectStatus().isUnauthorized();
        assertThat(RECEIVED).isEmpty();
    }

    @Test
    void publishesEachServicesOpenApiDescriptionWithoutAToken() {
        http.get().uri("/v3/api-docs/project-service").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("project-service");
        assertThat(RECEIVED.get("project-service")).containsEntry("path", "/v3/api-docs");
        http.get().uri("/v3/api-docs/search-service").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("search-service");
    }

    @Test
    void letsTheAllowListThroughWithoutAToken() {
        http.get().uri("/.well-known/openid-configuration").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("user-service");
        http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("user-service");
        http.get().uri("/oauth2/jwks").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("user-service");
    }

    @Test
    void givesEveryRequestARequestIdAndTraceparentAndKeepsTheCallers() {
        http.get().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectHeader().exists("X-Request-Id");
        assertThat(RECEIVED.get("project-service").get("X-Request-Id")).isNotBlank();
        assertThat(RECEIVED.get("project-service").get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        http.get().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("X-Request-Id", "client-42")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().values("X-Request-Id", values -> assertThat(values).containsExactly("client-42"));
        assertThat(RECEIVED.get("project-service").get("X-Request-Id")).isEqualTo("client-42");
        assertThat(RECEIVED.get("project-service").get("traceparent")).startsWith("00-" + traceId + "-");
    }

    @Test
    void answersAnUnknownPathWithNotFound() {
        http.get().uri("/api/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/not-found")
                .jsonPath("$.traceId").isNotEmpty();
    }

    @Test
    void answersADownServiceWithServiceUnavailable() {
        RestTestClient impatient = RestTestClient.bindToServer(
                        new org.springframework.http.client.JdkClientHttpRequestFactory(
                                java.net.http.HttpClient.newHttpClient()) {
                            {
                                setReadTimeout(Duration.ofSeconds(15));
                            }
                        })
                .baseUrl("http://127.0.0.1:" + port).build();
        impatient.get().uri("/api/v1/notifications").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/service-unavailable")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("notification-service"));
    }

    @Test
    void publishesOnlyAStatusOnThePublicPortAndMetricsOnTheManagementPort() {
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        http.get().uri("/actuator/prometheus").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isForbidden();

        RestTestClient management = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
        management.get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.redis.status").isEqualTo("UP");
        String metrics = management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(metrics).contains("service=\"gateway-service\"");
    }

    @Test
    void everyResponseCarriesTheProtectiveHeadersButNoHstsOverPlainHttp() {
        HttpHeaders headers = http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders();

        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(headers.getFirst("Content-Security-Policy")).contains("default-src 'none'")
                .contains("frame-ancestors 'none'");
        assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(headers.containsHeader("Strict-Transport-Security")).isFalse();
    }

    @Test
    void hstsWhenTheClientCameOverTls() {
        HttpHeaders headers = http.get().uri("/api/v1/projects").header("X-Forwarded-Proto", "https")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders();

        assertThat(headers.getFirst("Strict-Transport-Security")).startsWith("max-age=31536000")
                .contains("includeSubDomains");
    }

    @Test
    void aServicesPageKeepsItsOwnContentSecurityPolicy() {
        HttpHeaders headers = http.get().uri("/login").exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders();

        assertThat(headers.get("Content-Security-Policy")).containsExactly("default-src 'self'");
    }

    @Test
    void theWebAppMayCallTheApiCrossOrigin() {
        HttpHeaders headers = http.options().uri("/api/v1/projects/0193d3b0-8f43-7b1e-9a4c-3f2a1e0d9c11")
                .header(HttpHeaders.ORIGIN, WEB_APP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PATCH")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,if-match,content-type")
                .exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders();

        assertThat(headers.getAccessControlAllowOrigin()).isEqualTo(WEB_APP);
        assertThat(headers.getAccessControlAllowMethods()).extracting(Object::toString).contains("PATCH");
        assertThat(headers.getAccessControlAllowCredentials()).isTrue();
        assertThat(RECEIVED).as("a preflight is answered by the gateway").isEmpty();

        HttpHeaders actual = http.get().uri("/api/v1/projects").header(HttpHeaders.ORIGIN, WEB_APP)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseHeaders();
        assertThat(actual.getAccessControlAllowOrigin()).isEqualTo(WEB_APP);
        assertThat(actual.getAccessControlExposeHeaders()).contains("ETag", "Location", "Retry-After");
    }

    @Test
    void anotherOriginIsRefusedCrossOrigin() {
        http.options().uri("/api/v1/projects")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        assertThat(RECEIVED).isEmpty();
    }
}
