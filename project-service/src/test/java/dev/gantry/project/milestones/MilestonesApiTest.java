package dev.gantry.project.milestones;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.gantry.common.events.EventsProperties;
import dev.gantry.events.Topics;
import dev.gantry.project.Api;
import dev.gantry.project.ReleaseFixture;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

@GantryIntegrationTest
class MilestonesApiTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsProperties events;

    Api api;
    ReleaseFixture f;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        f = new ReleaseFixture(api, "MS" + (System.nanoTime() % 10000));
    }

    @Test
    void createsChangesLinksAndDeletesMilestonesWithEvents() {
        String releaseId = f.startStandardRelease("1.0").read("$.id");
        Api.Answer created = api.post("/api/v1/milestones", f.dev, "{\"projectId\":\"" + f.projectId
                + "\",\"name\":\"首发 First launch\",\"dueDate\":\"2027-03-01\",\"releaseId\":\"" + releaseId + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.read("$.id");

        assertThat(api.patch("/api/v1/milestones/" + id, f.dev, null, "{\"status\":\"REACHED\"}").status())
                .isEqualTo(428);
        Api.Answer reached = api.patch("/api/v1/milestones/" + id, f.dev, "\"1\"",
                "{\"status\":\"REACHED\",\"dueDate\":\"2027-03-05\"}");
        assertThat(reached.status()).isEqualTo(200);
        assertThat(reached.etag()).isEqualTo("\"2\"");
        assertThat((Integer) api.get("/api/v1/milestones?projectId=" + f.projectId, f.viewer)
                .read("$.items.length()")).isEqualTo(1);

        DocumentContext updated = eventOf(id, "gantry.milestone.updated.v1");
        assertThat((String) updated.read("$.data.milestone.releaseId")).isEqualTo(releaseId);
        assertThat((java.util.List<String>) updated.read("$.data.changedFields")).containsExactly("dueDate", "status");

        assertThat(api.delete("/api/v1/milestones/" + id, f.dev, "\"2\"").status()).isEqualTo(204);
        assertThat((Integer) eventOf(id, "gantry.milestone.deleted.v1").read("$.aggregateversion")).isEqualTo(3);
    }

    @Test
    void refusesForeignReleasesViewersAndOtherTenants() {
        ReleaseFixture other = new ReleaseFixture(api, "MO" + (System.nanoTime() % 10000));
        String foreignRelease = other.startStandardRelease("1.0").read("$.id");
        Api.Answer foreign = api.post("/api/v1/milestones", f.dev, "{\"projectId\":\"" + f.projectId
                + "\",\"name\":\"x\",\"dueDate\":\"2027-03-01\",\"releaseId\":\"" + foreignRelease + "\"}");
        assertThat(foreign.status()).isEqualTo(422);

        assertThat(api.post("/api/v1/milestones", f.viewer, "{\"projectId\":\"" + f.projectId
                + "\",\"name\":\"x\",\"dueDate\":\"2027-03-01\"}").status()).isEqualTo(403);
        String id = api.post("/api/v1/milestones", f.dev, "{\"projectId\":\"" + f.projectId
                + "\",\"name\":\"x\",\"dueDate\":\"2027-03-01\"}").read("$.id");
        assertThat(api.get("/api/v1/milestones/" + id, TestTenant.create().token("OWNER")).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/milestones/" + id, f.outsider).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/milestones", f.dev, "{\"projectId\":\"" + f.projectId + "\",\"name\":\"\"}")
                .status()).isEqualTo(400);
    }

    private DocumentContext eventOf(String id, String type) {
        return TestEvents.readUntil(events.topic(Topics.PROJECTS), found -> found.stream()
                        .anyMatch(r -> id.equals(r.key()) && r.value().contains(type)), Duration.ofSeconds(30))
                .stream().filter(r -> id.equals(r.key()) && r.value().contains(type))
                .map(r -> JsonPath.parse(r.value())).findFirst().orElseThrow();
    }
}
