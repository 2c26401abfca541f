package dev.gantry.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMemberAdded;
import dev.gantry.events.projects.ProjectMemberRemoved;
import dev.gantry.search.SearchClient;
import dev.gantry.search.Sources;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;
import dev.gantry.test.TestTenant;

/** Membership events from project-service open and close a project's results to a user, inside the query. */
@GantryIntegrationTest
class MembershipSearchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Test
    void aMemberAddedByAnEventFindsTheProjectAndLosesItWhenRemoved() {
        SearchClient client = SearchClient.on(port);
        TestTenant tenant = TestTenant.create();
        UUID manager = UUID.randomUUID();
        UUID joiner = UUID.randomUUID();
        String joinerToken = tenant.tokenFor(joiner, "MEMBER");
        UUID project = Sources.project(tenant.tenantId(), "JOIN", "Joinable", Sources.member(manager));
        Sources.task(project, "JOIN-1", "发布 checklist").publish(tenant.tenantId(), 1);
        String managerToken = tenant.tokenFor(manager, "MEMBER");
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(managerToken, Map.of("q", "发布")).keys())
                .containsExactly("task:JOIN-1"));
        assertThat(client.search(joinerToken, Map.of("q", "发布")).keys()).isEmpty();

        TestEvents.publish(ProjectEvents.MEMBER_ADDED, tenant.tenantId(), project, 2,
                new ProjectMemberAdded(project, Sources.member(joiner)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(joinerToken, Map.of("q", "发布")).keys())
                .containsExactly("task:JOIN-1"));

        TestEvents.publish(ProjectEvents.MEMBER_REMOVED, tenant.tenantId(), project, 3,
                new ProjectMemberRemoved(project, joiner));
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.search(joinerToken, Map.of("q", "发布")).keys())
                .isEmpty());
        assertThat(client.search(joinerToken, Map.of()).body().get("total").asLong()).isZero();
        assertThat(client.search(managerToken, Map.of("q", "发布")).keys()).containsExactly("task:JOIN-1");
    }
}
