package dev.gantry.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.common.events.EventsProperties;
import dev.gantry.events.Topics;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;

/** Every change of a user reaches gantry.users with the full profile, in version order, keyed by the user. */
@GantryIntegrationTest
class UserEventsTest {

    @LocalServerPort
    int port;

    @Autowired
    EventsProperties events;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void publishesTheLifeOfAUserWithTheFullProfile() {
        Organisation org = Organisation.signUp(http);
        UUID user = org.addUserWithEmail("ev-" + UUID.randomUUID() + "@example.com", "Event User", "MEMBER");
        String token = org.tokenFor(user);
        http.put().uri("/api/v1/me/chat-accounts/FEISHU").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"accountId\":\"ou_event\"}").exchange().expectStatus().isOk();
        http.put().uri("/api/v1/users/" + user + "/roles").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"2\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"roles\":[\"ADMIN\"]}").exchange().expectStatus().isOk();
        http.post().uri("/api/v1/users/" + user + "/disable").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"3\"").exchange().expectStatus().isOk();
        http.delete().uri("/api/v1/users/" + user).header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"4\"").exchange().expectStatus().isNoContent();

        List<DocumentContext> userEvents = read(user, 5);
        assertThat(userEvents).extracting(e -> (String) e.read("$.type")).containsExactly(
                "gantry.user.created.v1", "gantry.user.updated.v1", "gantry.user.updated.v1",
                "gantry.user.disabled.v1", "gantry.user.deleted.v1");
        assertThat(userEvents).extracting(e -> (Integer) e.read("$.aggregateversion")).containsExactly(1, 2, 3, 4, 5);
        assertThat(userEvents).allSatisfy(e -> {
            assertThat((String) e.read("$.tenantid")).isEqualTo(org.tenantId().toString());
            assertThat((String) e.read("$.source")).isEqualTo("user-service");
        });

        DocumentContext created = userEvents.get(0);
        assertThat((String) created.read("$.actorid")).isEqualTo(org.ownerId().toString());
        assertThat((String) created.read("$.data.user.displayName")).isEqualTo("Event User");
        assertThat((String) created.read("$.data.user.locale")).isEqualTo("zh-CN");
        assertThat((String) created.read("$.data.user.timeZone")).isEqualTo("Asia/Shanghai");
        assertThat((List<String>) created.read("$.data.user.roles")).containsExactly("MEMBER");
        assertThat((String) created.read("$.data.user.status")).isEqualTo("ACTIVE");

        DocumentContext linked = userEvents.get(1);
        assertThat((String) linked.read("$.actorid")).isEqualTo(user.toString());
        assertThat((List<String>) linked.read("$.data.changedFields")).containsExactly("chatAccounts");
        assertThat((String) linked.read("$.data.user.chatAccounts[0].platform")).isEqualTo("FEISHU");
        assertThat((String) linked.read("$.data.user.chatAccounts[0].accountId")).isEqualTo("ou_event");

        DocumentContext promoted = userEvents.get(2);
        assertThat((List<String>) promoted.read("$.data.changedFields")).containsExactly("roles");
        assertThat((List<String>) promoted.read("$.data.user.roles")).containsExactly("ADMIN");
        assertThat((String) promoted.read("$.data.user.chatAccounts[0].accountId")).isEqualTo("ou_event");

        assertThat((String) userEvents.get(3).read("$.data.user.status")).isEqualTo("DISABLED");
        assertThat((String) userEvents.get(4).read("$.data.userId")).isEqualTo(user.toString());
    }

    @Test
    void signUpPublishesTheOwnerAsCreatedByThemself() {
        Organisation org = Organisation.signUp(http);
        DocumentContext created = read(org.ownerId(), 1).get(0);
        assertThat((String) created.read("$.type")).isEqualTo("gantry.user.created.v1");
        assertThat((String) created.read("$.actorid")).isEqualTo(org.ownerId().toString());
        assertThat((String) created.read("$.data.user.email")).isEqualTo(org.ownerEmail());
        assertThat((List<String>) created.read("$.data.user.roles")).containsExactly("OWNER");
    }

    private List<DocumentContext> read(UUID user, int count) {
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(events.topic(Topics.USERS),
                found -> found.stream().filter(r -> user.toString().equals(r.key())).count() >= count,
                Duration.ofSeconds(30));
        return records.stream().filter(r -> user.toString().equals(r.key())).map(r -> JsonPath.parse(r.value()))
                .toList();
    }
}
