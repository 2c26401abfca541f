package dev.gantry.project.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.gantry.project.Api;
import dev.gantry.test.GantryInfrastructure;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

/** The internal export for rebuilding the search index: platform clients only, every tenant, live projects only. */
@GantryIntegrationTest
class ProjectExportTest {

    @LocalServerPort
    int port;

    Api api;
    String exporter;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        exporter = GantryInfrastructure.get().tokens().sign(Map.of("sub", "search-service",
                "scope", "gantry.export"), Duration.ofMinutes(5));
    }

    @Test
    void exportsEveryTenantsLiveProjectsPageByPage() {
        TestTenant a = TestTenant.create();
        TestTenant b = TestTenant.create();
        UUID owner = UUID.randomUUID();
        String tokenA = a.tokenFor(owner, "MEMBER");
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/projects", tokenA, "{\"key\":\"EX" + i + "\",\"name\":\"Export " + i + "\"}");
        }
        String deleted = api.post("/api/v1/projects", tokenA, "{\"key\":\"DEL\",\"name\":\"Deleted\"}").read("$.id");
        assertThat(api.delete("/api/v1/projects/" + deleted, tokenA, "\"1\"").status()).isEqualTo(204);
        api.post("/api/v1/projects", b.token("OWNER"), "{\"key\":\"EXB\",\"name\":\"Export B\"}");

        List<String> tenants = api.get("/internal/v1/export/tenants", exporter).read("$.items");
        assertThat(tenants).contains(a.tenantId().toString(), b.tenantId().toString());

        Api.Answer first = api.get("/internal/v1/export/projects?tenantId=" + a.tenantId() + "&limit=2", exporter);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat((List<String>) first.read("$.items[*].project.key")).containsExactly("EX0", "EX1");
        assertThat((Integer) first.read("$.items[0].aggregateVersion")).isEqualTo(1);
        assertThat((String) first.read("$.items[0].members[0].userId")).isEqualTo(owner.toString());
        assertThat((String) first.read("$.items[0].members[0].role")).isEqualTo("MANAGER");
        Api.Answer second = api.get("/internal/v1/export/projects?tenantId=" + a.tenantId() + "&limit=2&cursor="
                + first.read("$.nextCursor"), exporter);
        assertThat((List<String>) second.read("$.items[*].project.key")).containsExactly("EX2");
        assertThat((String) second.read("$.nextCursor")).isNull();
    }

    @Test
    void refusesEveryoneButPlatformExportClients() {
        TestTenant tenant = TestTenant.create();
        String owner = tenant.token("OWNER");
        String tenantClientWithScope = GantryInfrastructure.get().tokens().sign(Map.of("sub", "bot",
                "tid", tenant.tenantId().toString(), "scope", "gantry.export"), Duration.ofMinutes(5));
        String platformWithoutScope = GantryInfrastructure.get().tokens().sign(Map.of("sub", "search-service",
                "scope", "openid"), Duration.ofMinutes(5));

        for (String token : List.of(owner, tenantClientWithScope, platformWithoutScope)) {
            Api.Answer tenants = api.get("/internal/v1/export/tenants", token);
            assertThat(tenants.status()).isEqualTo(403);
            assertThat(tenants.headers().getContentType().toString()).isEqualTo("application/problem+json");
            assertThat(api.get("/internal/v1/export/projects?tenantId=" + tenant.tenantId(), token).status())
                    .isEqualTo(403);
        }
        assertThat(api.get("/internal/v1/export/tenants", null).status()).isEqualTo(401);
        assertThat(api.get("/internal/v1/export/projects", exporter).status()).isEqualTo(400);
    }
}
