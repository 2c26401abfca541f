package dev.gantry.project.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.gantry.project.Api;
import dev.gantry.project.ReleaseFixture;
import dev.gantry.test.GantryIntegrationTest;

@GantryIntegrationTest
class TemplatesApiTest {

    @LocalServerPort
    int port;

    Api api;
    ReleaseFixture f;

    static final String VALID = """
            {"name": "%s", "definition": {"stages": [
              {"key": "build", "name": "构建 Build", "ownerRole": "MEMBER", "checklist": [
                 {"title": "制品已签名 Artifact signed", "mandatory": true, "evidence": "NOTE"}],
               "approval": {"mode": "ANY_OF", "approvers": [{"role": "MANAGER"}]}},
              {"key": "ship", "name": "上线 Ship", "ownerRole": "MANAGER",
               "approval": {"mode": "ALL_OF", "approvers": [{"duty": "QA"}, {"duty": "OPS"}]}}]}}
            """;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new ReleaseFixture(api, "TP" + (System.nanoTime() % 10000));
    }

    @Test
    void everyTenantHasTheThreeBuiltInTemplates() {
        Api.Answer list = api.get("/api/v1/process-templates", f.dev);

        assertThat((List<String>) list.read("$.items[*].builtIn"))
                .containsExactlyInAnyOrder("standard-release", "hotfix", "erp-crm-rollout");
        Api.Answer standard = api.get("/api/v1/process-templates/" + f.builtInTemplate("standard-release"), f.dev);
        assertThat((List<String>) standard.read("$.definition.stages[*].name"))
                .containsExactly("开发 Dev", "UAT 测试", "灰度发布 Gray release", "全面上线 Full launch");
        assertThat((List<String>) standard.read("$.definition.stages[2].approval.approvers[*].duty"))
                .containsExactly("QA", "OPS");
    }

    @Test
    void versionsATemplateAndARunningReleaseKeepsItsVersion() {
        Api.Answer created = api.post("/api/v1/process-templates", f.admin, VALID.formatted("Mobile app release"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.read("$.id");
        assertThat(created.etag()).isEqualTo("\"1\"");

        Api.Answer release = api.post("/api/v1/projects/" + f.projectId + "/releases", f.manager,
                "{\"name\":\"App\",\"version\":\"5.0\",\"templateId\":\"" + id + "\"}");
        assertThat(release.status()).as(release.toString()).isEqualTo(201);
        assertThat((Integer) release.read("$.templateVersion")).isEqualTo(1);

        String threeStages = VALID.formatted("Mobile app release").replace("{\"key\": \"ship\"",
                "{\"key\": \"store\", \"name\": \"商店审核 Store review\", \"ownerRole\": \"MEMBER\", "
                        + "\"approval\": {\"mode\": \"ANY_OF\", \"approvers\": [{\"duty\": \"PRODUCT\"}]}},"
                        + "{\"key\": \"ship\"");
        assertThat(api.put("/api/v1/process-templates/" + id, f.admin, null, threeStages).status()).isEqualTo(428);
        assertThat(api.put("/api/v1/process-templates/" + id, f.admin, "\"7\"", threeStages).status()).isEqualTo(412);
        Api.Answer v2 = api.put("/api/v1/process-templates/" + id, f.admin, "\"1\"", threeStages);
        assertThat(v2.status()).as(v2.toString()).isEqualTo(200);
        assertThat(v2.etag()).isEqualTo("\"2\"");
        assertThat((List<Object>) v2.read("$.definition.stages")).hasSize(3);

        Api.Answer v1 = api.get("/api/v1/process-templates/" + id + "?version=1", f.dev);
        assertThat((List<Object>) v1.read("$.definition.stages")).hasSize(2);
        Api.Answer running = f.release(release.read("$.id"));
        assertThat((Integer) running.read("$.templateVersion")).isEqualTo(1);
        assertThat((List<Object>) running.read("$.stages")).hasSize(2);
    }

    @Test
    void clonesABuiltInTemplateWhichItselfNeverChanges() {
        String builtIn = f.builtInTemplate("hotfix");
        Api.Answer clone = api.post("/api/v1/process-templates/" + builtIn + "/clone", f.admin,
                "{\"name\":\"Our hotfix\"}");
        assertThat(clone.status()).as(clone.toString()).isEqualTo(201);
        assertThat((String) clone.read("$.builtIn")).isNull();
        assertThat((List<String>) clone.read("$.definition.stages[*].key")).containsExactly("fix", "deploy");

        Api.Answer changeBuiltIn = api.put("/api/v1/process-templates/" + builtIn, f.admin, "\"1\"",
                VALID.formatted("Hotfix changed"));
        assertThat(changeBuiltIn.status()).isEqualTo(409);
        Api.Answer sameName = api.post("/api/v1/process-templates/" + builtIn + "/clone", f.admin,
                "{\"name\":\"Our hotfix\"}");
        assertThat(sameName.status()).isEqualTo(409);
    }

    @Test
    void refusesInvalidTemplatesNamingEveryProblem() {
        Api.Answer cycle = api.post("/api/v1/process-templates", f.admin, """
                {"name": "Cyclic", "definition": {"stages": [
                  {"key": "a", "name": "A", "ownerRole": "MEMBER", "after": ["b"],
                   "approval": {"mode": "ANY_OF", "approvers": [{"role": "MANAGER"}]}},
                  {"key": "b", "name": "B", "ownerRole": "MEMBER", "after": ["a"],
                   "approval": {"mode": "ANY_OF", "approvers": [{"role": "MANAGER"}]}}]}}
                """);
        assertThat(cycle.status()).isEqualTo(422);
        assertThat((String) cycle.read("$.type")).isEqualTo("https://gantry.dev/problems/invalid-template");
        assertThat((String) cycle.read("$.errors[0].message")).contains("cycle", "a → b → a");

        Api.Answer empty = api.post("/api/v1/process-templates", f.admin,
                "{\"name\": \"Empty\", \"definition\": {\"stages\": []}}");
        assertThat(empty.status()).isEqualTo(422);
        assertThat((String) empty.read("$.errors[0].field")).isEqualTo("stages");

        Api.Answer unknown = api.post("/api/v1/process-templates", f.admin, """
                {"name": "Unknown", "definition": {"stages": [
                  {"key": "a", "name": "A", "ownerRole": "CEO",
                   "approval": {"mode": "ALL_OF", "approvers": [{"duty": "LEGAL"}]}},
                  {"key": "b", "name": "B", "ownerRole": "MEMBER",
                   "approval": {"mode": "ALL_OF", "approvers": []}}]}}
                """);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat((List<String>) unknown.read("$.errors[*].field")).containsExactly("stages[0].ownerRole",
                "stages[0].approval.approvers[0].duty", "stages[1].approval.approvers");

        // a duty the tenant defines becomes known
        assertThat(api.post("/api/v1/process-templates/duties", f.admin, "{\"name\":\"LEGAL\"}").status())
                .isEqualTo(200);
        Api.Answer legal = api.post("/api/v1/process-templates", f.admin, VALID.formatted("Legal")
                .replace("{\"duty\": \"QA\"}", "{\"duty\": \"LEGAL\"}"));
        assertThat(legal.status()).as(legal.toString()).isEqualTo(201);
        assertThat((List<String>) api.get("/api/v1/process-templates?limit=200", f.admin).read("$.items[*].name"))
                .contains("Legal").doesNotContain("Cyclic", "Empty", "Unknown");
    }

    @Test
    void onlyAdminsWriteTemplates() {
        Api.Answer refused = api.post("/api/v1/process-templates", f.manager, VALID.formatted("Mine"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(api.post("/api/v1/process-templates/duties", f.manager, "{\"name\":\"LEGAL\"}").status())
                .isEqualTo(403);
    }
}
