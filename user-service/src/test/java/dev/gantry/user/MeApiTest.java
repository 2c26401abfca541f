package dev.gantry.user;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

@GantryIntegrationTest
class MeApiTest {

    @LocalServerPort
    int port;

    @Test
    void describesTheCallerFromTheirToken() {
        TestTenant tenant = TestTenant.create();
        UUID user = UUID.randomUUID();
        RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
                .get().uri("/api/v1/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tenant.tokenFor(user, "ADMIN", "MEMBER"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.userId").isEqualTo(user.toString())
                .jsonPath("$.tenantId").isEqualTo(tenant.tenantId().toString())
                .jsonPath("$.roles[0]").isEqualTo("ADMIN")
                .jsonPath("$.roles[1]").isEqualTo("MEMBER");
    }
}
