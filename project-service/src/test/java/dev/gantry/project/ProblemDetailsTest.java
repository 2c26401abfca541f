package dev.gantry.project;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestTenant;

/** Every kind of bad request answers RFC 9457 problem+json with a type, the path and a trace id; never a 500. */
@GantryIntegrationTest
class ProblemDetailsTest {

    @LocalServerPort
    int port;

    RestTestClient http;
    String token;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        token = TestTenant.create().token("MEMBER");
    }

    @Test
    void validationFailureListsEachInvalidField() {
        post("{\"key\":\"lower case\",\"name\":\"\"}", MediaType.APPLICATION_JSON)
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/validation-failed")
                .jsonPath("$.title").isEqualTo("Validation failed")
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.instance").isEqualTo("/api/v1/projects")
                .jsonPath("$.traceId").isNotEmpty()
                .jsonPath("$.errors[?(@.field == 'key')]").exists()
                .jsonPath("$.errors[?(@.field == 'name')]").exists();
    }

    @Test
    void malformedJsonIsABadRequest() {
        post("{\"key\": \"PAY\", ", MediaType.APPLICATION_JSON)
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/malformed-request")
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat(detail.toString())
                        .doesNotContain("Exception").doesNotContain("at dev."));
    }

    @Test
    void unknownPathIsNotFound() {
        http.get().uri("/api/v1/projects/" + java.util.UUID.randomUUID() + "/nowhere")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/not-found")
                .jsonPath("$.traceId").isNotEmpty();
    }

    @Test
    void malformedIdIsAValidationFailureNotAServerError() {
        http.get().uri("/api/v1/projects/not-a-uuid").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
    }

    @Test
    void wrongMethodIsNotAllowed() {
        http.delete().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().exists(HttpHeaders.ALLOW)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/method-not-allowed");
    }

    @Test
    void unsupportedMediaTypeIsRefused() {
        post("key=PAY", MediaType.TEXT_PLAIN)
                .expectStatus().isEqualTo(415)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/unsupported-media-type");
    }

    @Test
    void bodyAboveTheLimitIsTooLarge() {
        String huge = "{\"key\":\"BIG\",\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        post(huge, MediaType.APPLICATION_JSON)
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/payload-too-large");
    }

    @Test
    void badCursorAndLimitAreValidationFailures() {
        http.get().uri("/api/v1/projects?limit=500").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("limit");
        http.get().uri("/api/v1/projects?cursor=%%%").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void requestIdIsEchoedAndTraceIdTakenFromTraceparent() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        http.get().uri("/api/v1/projects/" + java.util.UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("X-Request-Id", "req-123")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Request-Id", "req-123")
                .expectBody().jsonPath("$.traceId").isEqualTo(traceId);
    }

    private RestTestClient.ResponseSpec post(String body, MediaType type) {
        return http.post().uri("/api/v1/projects").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(type).body(body).exchange();
    }
}
