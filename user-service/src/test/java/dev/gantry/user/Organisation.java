package dev.gantry.user;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.TestTenant;

/**
 * An organisation signed up through the API for one test, with its owner, and helpers to add users. Tokens come from
 * the development issuer for the ids the directory gave (user-service authorizes from its own directory).
 */
public record Organisation(RestTestClient http, UUID tenantId, UUID ownerId, String ownerEmail) {

    /** The owner's password, and the password of users created with one by these helpers. */
    public static final String PASSWORD = "Correct horse battery 9";

    public static Organisation signUp(RestTestClient http) {
        String email = "owner-" + UUID.randomUUID() + "@example.com";
        String body = new String(http.post().uri("/api/v1/tenants").contentType(MediaType.APPLICATION_JSON)
                .body("""
                        {"organisationName":"测试 Test Org","email":"%s","displayName":"Owner","locale":"en",
                         "timeZone":"Europe/Berlin","password":"%s"}""".formatted(email, PASSWORD))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        DocumentContext json = JsonPath.parse(body);
        return new Organisation(http, UUID.fromString(json.read("$.tenant.id")),
                UUID.fromString(json.read("$.owner.id")), email);
    }

    public String ownerToken() {
        return tokenFor(ownerId);
    }

    /** A token for a user of this organisation; the roles in it do not matter to user-service. */
    public String tokenFor(UUID userId) {
        return new TestTenant(tenantId).tokenFor(userId, "MEMBER");
    }

    /** Creates a user with these roles through the API as the owner; returns their id. */
    public UUID addUser(String... roles) {
        return addUserWithEmail("user-" + UUID.randomUUID() + "@example.com", "User", roles);
    }

    public UUID addUserWithEmail(String email, String displayName, String... roles) {
        String list = String.join("\",\"", roles);
        String body = new String(http.post().uri("/api/v1/users")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"%s\",\"displayName\":\"%s\",\"roles\":[\"%s\"]}".formatted(email, displayName, list))
                .exchange().expectStatus().isCreated()
                .expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
        return UUID.fromString(JsonPath.read(body, "$.id"));
    }

    /** The user's current ETag, read as the owner. */
    public String etagOf(UUID userId) {
        return http.get().uri("/api/v1/users/" + userId).header(HttpHeaders.AUTHORIZATION, "Bearer " + ownerToken())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getETag();
    }
}
