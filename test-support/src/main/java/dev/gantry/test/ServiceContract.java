package dev.gantry.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.infra.token.DevTokenIssuer;

/**
 * What every Gantry service promises, checked against the running service on real infrastructure: readiness that
 * covers its dependencies, metrics tagged with its name, and no way in without a valid token. A service's test
 * extends this and names a protected path of its own.
 */
public abstract class ServiceContract {

    @LocalServerPort
    protected int port;

    protected RestTestClient http;

    /** A path of this service that needs a token. */
    protected abstract String protectedPath();

    /** The health components its readiness must include. */
    protected List<String> readinessComponents() {
        return List.of("db", "redis", "kafka", "readinessState");
    }

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void isReadyWhenItsDependenciesAre() {
        var spec = http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP");
        for (String component : readinessComponents()) {
            spec.jsonPath("$.components." + component + ".status").isEqualTo("UP");
        }
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void exposesPrometheusMetricsTaggedWithTheServiceName() {
        String metrics = http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("service=\"" + serviceName() + "\"")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void publishesAnOpenApi31DescriptionNamedAfterTheService() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.openapi").value(version -> org.assertj.core.api.Assertions.assertThat(version.toString())
                        .startsWith("3.1"))
                .jsonPath("$.info.title").isEqualTo("Gantry " + serviceName());
    }

    @Test
    void refusesARequestWithoutAToken() {
        http.get().uri(protectedPath()).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches("WWW-Authenticate", "Bearer.*")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.type").isEqualTo("https://gantry.dev/problems/unauthorized")
                .jsonPath("$.traceId").isNotEmpty();
    }

    @Test
    void refusesTokensItMustNotTrust() {
        DevTokenIssuer trusted = GantryInfrastructure.get().tokens();
        Map<String, Object> claims = Map.of("sub", UUID.randomUUID().toString(), "tid", UUID.randomUUID().toString(),
                "roles", List.of("OWNER"));
        String forged = DevTokenIssuer.inMemory(trusted.issuer()).sign(claims, Duration.ofMinutes(5));
        String wrongIssuer = trusted.sign(claims, "https://elsewhere.example", DevTokenIssuer.AUDIENCE,
                Duration.ofMinutes(5));
        String wrongAudience = trusted.sign(claims, trusted.issuer(), "another-api", Duration.ofMinutes(5));
        String expired = trusted.sign(claims, Duration.ofMinutes(-5));
        String valid = trusted.sign(claims, Duration.ofMinutes(5));
        String unsigned = valid.substring(0, valid.lastIndexOf('.') + 1)
                .replaceFirst("^[^.]+", java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()));
        for (String token : List.of(forged, wrongIssuer, wrongAudience, expired, unsigned, "not-a-jwt")) {
            http.get().uri(protectedPath()).header("Authorization", "Bearer " + token).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    /** The spring.application.name of the service under test. */
    protected abstract String serviceName();
}
