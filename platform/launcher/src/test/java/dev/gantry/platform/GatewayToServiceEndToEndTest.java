package dev.gantry.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.infra.FreePorts;
import dev.gantry.infra.RepoLayout;
import dev.gantry.test.GantryInfrastructure;
import dev.gantry.test.TestTenant;

/**
 * The built gateway and project-service jars as separate processes on real infrastructure, as ./gantry up runs them:
 * a client with a valid token reaches the service through the gateway, and one without is stopped at the gateway.
 */
class GatewayToServiceEndToEndTest {

    private static ServiceProcess projectService;
    private static ServiceProcess taskService;
    private static ServiceProcess searchService;
    private static ServiceProcess gateway;
    private static int gatewayPort;

    @BeforeAll
    static void startGatewayAndProjectService() throws IOException {
        RepoLayout repo = RepoLayout.locate();
        GantryInfrastructure infra = GantryInfrastructure.get();
        GantryInfrastructure.Postgres postgres = infra.postgres();
        GantryInfrastructure.Endpoint redis = infra.redis();
        Map<String, String> common = new HashMap<>(Map.of(
                "GANTRY_INFRA_POSTGRES_HOST", postgres.host(),
                "GANTRY_INFRA_POSTGRES_PORT", Integer.toString(postgres.port()),
                "GANTRY_INFRA_POSTGRES_DATABASE", postgres.database(),
                "GANTRY_INFRA_REDIS_HOST", redis.host(),
                "GANTRY_INFRA_REDIS_PORT", Integer.toString(redis.port()),
                "GANTRY_INFRA_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers(),
                "SPRING_DATASOURCE_PASSWORD", GantryInfrastructure.ROLE_PASSWORD,
                "SPRING_FLYWAY_PASSWORD", GantryInfrastructure.ROLE_PASSWORD,
                "GANTRY_SECURITY_JWT_ISSUER", infra.tokens().issuer(),
                "GANTRY_SECURITY_JWT_JWK_SET_URI", infra.tokens().jwkSetUri()));
        common.put("SERVER_ADDRESS", "127.0.0.1");
        common.put("GANTRY_EVENTS_TOPIC_PREFIX", GantryInfrastructure.TOPIC_PREFIX);
        Path logs = repo.root().resolve("platform/launcher/target/end-to-end-logs");

        int projectPort = FreePorts.find();
        Map<String, String> projectEnv = new HashMap<>(common);
        projectEnv.put("SERVER_PORT", Integer.toString(projectPort));
        projectService = ServiceProcess.start("project-service", repo.serviceJar("project-service"), projectPort,
                logs.resolve("project-service.log"), projectEnv);

        taskService = start(repo, "task-service", common, logs);
        Map<String, String> searchEnv = new HashMap<>(common);
        searchEnv.put("GANTRY_INFRA_ELASTICSEARCH_URIS", infra.elasticsearchUris());
        searchService = start(repo, "search-service", searchEnv, logs);

        gatewayPort = FreePorts.find();
        int managementPort = FreePorts.find();
        Map<String, String> gatewayEnv = new HashMap<>(common);
        gatewayEnv.put("SERVER_PORT", Integer.toString(gatewayPort));
        gatewayEnv.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        gatewayEnv.put("GANTRY_SERVICES_PROJECT_SERVICE", "http://127.0.0.1:" + projectPort);
        gateway = ServiceProcess.start("gateway-service", repo.serviceJar("gateway-service"), managementPort,
                logs.resolve("gateway-service.log"), gatewayEnv);

        awaitReady(List.of(projectService, taskService, searchService, gateway), Duration.ofMinutes(4));
    }

    private static ServiceProcess start(RepoLayout repo, String service, Map<String, String> common, Path logs)
            throws IOException {
        int port = FreePorts.find();
        Map<String, String> environment = new HashMap<>(common);
        environment.put("SERVER_PORT", Integer.toString(port));
        return ServiceProcess.start(service, repo.serviceJar(service), port, logs.resolve(service + ".log"),
                environment);
    }

    private static void awaitReady(List<ServiceProcess> services, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ServiceProcess service : services) {
            while (!service.isReady()) {
                if (!service.isAlive()) {
                    fail(service.name() + " exited with code " + service.exitCode() + ":\n"
                            + String.join("\n", Console.tail(service.log(), 40)));
                }
                if (System.nanoTime() > deadline) {
                    fail(service.name() + " not ready in time:\n" + String.join("\n", Console.tail(service.log(), 40)));
                }
                org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            }
        }
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {gateway, searchService, taskService, projectService}) {
            if (service != null) {
                service.stop(Duration.ofSeconds(30));
            }
        }
    }

    @Test
    void aClientWithAValidTokenReachesTheServiceThroughTheGateway() {
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gatewayPort).build();
        String token = TestTenant.create().token("MEMBER");

        byte[] created = http.post().uri("/api/v1/projects")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("X-Request-Id", "e2e-1")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"key\":\"E2E\",\"name\":\"端到端 End to end\"}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("X-Request-Id", "e2e-1")
                .expectBody().returnResult().getResponseBody();
        String id = JsonPath.read(new String(created, StandardCharsets.UTF_8), "$.id");

        http.get().uri("/api/v1/projects/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("端到端 End to end");
    }

    @Test
    void aProjectCreatedThroughTheGatewayReachesTaskAndSearchServicesThroughKafka() throws Exception {
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gatewayPort).build();
        TestTenant tenant = TestTenant.create();
        java.util.UUID creator = java.util.UUID.randomUUID();
        byte[] created = http.post().uri("/api/v1/projects")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.tokenFor(creator, "MEMBER"))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"key\":\"FLOW\",\"name\":\"上线流程 Flow\"}")
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody();
        String id = JsonPath.read(new String(created, StandardCharsets.UTF_8), "$.id");

        GantryInfrastructure.Postgres postgres = GantryInfrastructure.get().postgres();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            try (var connection = java.sql.DriverManager.getConnection(
                    "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + postgres.database(),
                    GantryInfrastructure.adminUser(), GantryInfrastructure.adminPassword());
                 var statement = connection.prepareStatement("""
                         select m.role from tasks.project_members m join tasks.projects p on p.id = m.project_id
                         where p.id = ? and m.user_id = ? and p.name = '上线流程 Flow'
                         """)) {
                statement.setObject(1, java.util.UUID.fromString(id));
                statement.setObject(2, creator);
                try (var rows = statement.executeQuery()) {
                    assertThat(rows.next()).as("task-service's membership projection has the project").isTrue();
                    assertThat(rows.getString(1)).isEqualTo("MANAGER");
                }
            }
        });
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    GantryInfrastructure.get().elasticsearchUris() + "/gantry-search/_doc/project:" + id
                            + "?routing=" + tenant.tenantId())).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("search-service indexed the project").isEqualTo(200);
            assertThat((String) JsonPath.read(response.body(), "$._source.title")).isEqualTo("上线流程 Flow");
            assertThat((Integer) JsonPath.read(response.body(), "$._version")).isEqualTo(1);
        });
    }

    @Test
    void aClientWithoutATokenIsStoppedAtTheGateway() {
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gatewayPort).build();
        http.get().uri("/api/v1/projects").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Console.tail(projectService.log(), 400)).noneMatch(line -> line.contains("ERROR"));
    }

    @Test
    void aServiceErrorBecomesAProblemThatReachesTheClientUnchanged() {
        RestTestClient http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + gatewayPort).build();
        http.get().uri("/api/v1/projects/not-a-uuid")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTenant.create().token("MEMBER")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
    }
}
