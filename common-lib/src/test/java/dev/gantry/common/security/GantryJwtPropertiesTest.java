package dev.gantry.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GantryJwtPropertiesTest {

    private static final String ISSUER = "https://gantry.example";
    private static final URI CLUSTER_JWKS = URI.create("http://user-service:8081/oauth2/jwks");

    private static GantryJwtProperties properties(String issuer, String audience, URI jwks, boolean forbidLoopback) {
        return new GantryJwtProperties(issuer, audience, jwks, forbidLoopback, null);
    }

    @Test
    void acceptsAFullyConfiguredIssuer() {
        assertThatCode(() -> properties(ISSUER, "gantry-api", CLUSTER_JWKS, false).check()).doesNotThrowAnyException();
    }

    @Test
    void refusesAMissingOrBlankIssuer() {
        assertThatThrownBy(() -> properties(null, "gantry-api", CLUSTER_JWKS, false).check())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("issuer");
        assertThatThrownBy(() -> properties(" ", "gantry-api", CLUSTER_JWKS, false).check())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAMissingOrBlankAudience() {
        assertThatThrownBy(() -> properties(ISSUER, null, CLUSTER_JWKS, false).check())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience");
        assertThatThrownBy(() -> properties(ISSUER, "", CLUSTER_JWKS, false).check())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAMissingJwkSetUri() {
        assertThatThrownBy(() -> properties(ISSUER, "gantry-api", null, false).check())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("jwk-set-uri");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:18090/jwks",
            "http://127.1.2.3:18090/jwks",
            "http://localhost:18090/jwks",
            "http://[::1]:18090/jwks"})
    void refusesLoopbackSigningKeysWhenForbidden(String jwks) {
        assertThatThrownBy(() -> properties(ISSUER, "gantry-api", URI.create(jwks), true).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("loopback")
                .hasMessageContaining(jwks);
    }

    @Test
    void acceptsClusterSigningKeysWhenLoopbackIsForbidden() {
        assertThatCode(() -> properties(ISSUER, "gantry-api", CLUSTER_JWKS, true).check()).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:18090/jwks",
            "http://localhost:18090/jwks",
            "http://[::1]:18090/jwks"})
    void acceptsLoopbackSigningKeysWhenAllowed(String jwks) {
        assertThatCode(() -> properties(ISSUER, "gantry-api", URI.create(jwks), false).check())
                .doesNotThrowAnyException();
    }

    /** Other spellings of a loopback address slip through: host names are case-insensitive, IPv6 has long forms. */
    @ParameterizedTest
    @ValueSource(strings = {
            "http://LOCALHOST:18090/jwks",
            "http://[0:0:0:0:0:0:0:1]:18090/jwks",
            "http://localhost.:18090/jwks"})
    void refusesOtherSpellingsOfLoopbackWhenForbidden(String jwks) {
        assertThatThrownBy(() -> properties(ISSUER, "gantry-api", URI.create(jwks), true).check())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptsAHostNameThatOnlyLooksNumeric() {
        properties(ISSUER, "gantry-api", URI.create("http://127.example.com/jwks"), true).check();
    }

    @Test
    void refusesAJwksUriWithoutAValidHost() {
        assertThatThrownBy(() -> properties(ISSUER, "gantry-api", URI.create("http://user_service:8081/jwks"), true)
                .check()).isInstanceOf(IllegalStateException.class).hasMessageContaining("no valid host");
    }

    @Test
    void publicPathsDefaultToNoneAndAreACopy() {
        assertThat(properties(ISSUER, "gantry-api", CLUSTER_JWKS, false).publicPaths()).isEmpty();

        List<String> paths = new ArrayList<>(List.of("/api/v1/public/**"));
        var withPaths = new GantryJwtProperties(ISSUER, "gantry-api", CLUSTER_JWKS, false, paths);
        paths.add("/more");

        assertThat(withPaths.publicPaths()).containsExactly("/api/v1/public/**");
    }
}
