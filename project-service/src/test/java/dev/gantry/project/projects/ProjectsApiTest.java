package dev.gantry.project.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

@GantryIntegrationTest
class ProjectsApiTest {

    @LocalServerPort
    int port;

    RestTestClient http;
    TestTenant tenant = TestTenant.create();
    String member;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        member = tenant.token("MEMBER");
    }

    @Test
    void createsAProjectAndReadsItBack() {
        String location = http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"key": "PAY", "name": "支付平台 Payments", "description": "上线 2026"}
                        """)
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.key").isEqualTo("PAY")
                .jsonPath("$.name").isEqualTo("支付平台 Payments")
                .jsonPath("$.tenantId").isEqualTo(tenant.tenantId().toString())
                .returnResult().getResponseHeaders().getLocation().toString();

        http.get().uri(location).header(HttpHeaders.AUTHORIZATION, "Bearer " + member).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.description").isEqualTo("上线 2026");
    }

    @Test
    void refusesASecondProjectWithTheSameKeyInATenant() {
        create(member, "DUP");
        http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .contentType(MediaType.APPLICATION_JSON).body("{\"key\":\"DUP\",\"name\":\"Again\"}")
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/project-key-taken");

        TestTenant other = TestTenant.create();
        create(other.token("OWNER"), "DUP");
    }

    @Test
    void anotherTenantCannotSeeAProject() {
        String id = create(member, "SEC");
        String stranger = TestTenant.create().token("OWNER");

        http.get().uri("/api/v1/projects/" + id).header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/not-found");
        http.get().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + stranger).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void pagesThroughProjectsWithACursor() {
        for (int i = 0; i < 5; i++) {
            create(member, "PG" + i);
        }
        byte[] cursor = http.get().uri("/api/v1/projects?limit=3").header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(3)
                .jsonPath("$.items[0].key").isEqualTo("PG0")
                .jsonPath("$.nextCursor").isNotEmpty()
                .returnResult().getResponseBody();
        String next = com.jayway.jsonpath.JsonPath.read(new String(cursor, java.nio.charset.StandardCharsets.UTF_8),
                "$.nextCursor");
        http.get().uri("/api/v1/projects?limit=3&cursor=" + next)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + member).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[1].key").isEqualTo("PG4")
                .jsonPath("$.nextCursor").doesNotExist();
    }

    @Test
    void aGuestCannotCreateProjects() {
        http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.token("GUEST"))
                .contentType(MediaType.APPLICATION_JSON).body("{\"key\":\"GST\",\"name\":\"Nope\"}")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private String create(String token, String key) {
        String body = http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body("{\"key\":\"" + key + "\",\"name\":\"Project " + key + "\"}")
                .exchange().expectStatus().isCreated()
                .returnResult(String.class).getResponseBody();
        String id = com.jayway.jsonpath.JsonPath.read(body, "$.id");
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        return id;
    }
}
