package dev.gantry.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

class GantryJwtValidatorsTest {

    private static final String ISSUER = "https://gantry.example";
    private static final String USER = "0190c8a2-0000-7000-8000-000000000001";

    private final OAuth2TokenValidator<Jwt> validator = GantryJwtValidators.of(new GantryJwtProperties(ISSUER,
            "gantry-api", URI.create("http://user-service:8081/oauth2/jwks"), true, null));

    private static Jwt.Builder token() {
        Instant now = Instant.now();
        return Jwt.withTokenValue("t").header("alg", "RS256")
                .issuer(ISSUER)
                .audience(List.of("gantry-api"))
                .subject(USER)
                .issuedAt(now.minusSeconds(10))
                .expiresAt(now.plusSeconds(300));
    }

    private static List<String> descriptions(OAuth2TokenValidatorResult result) {
        return result.getErrors().stream().map(OAuth2Error::getDescription).toList();
    }

    @Test
    void acceptsATokenOfTheRightIssuerAudienceAndSubject() {
        OAuth2TokenValidatorResult result = validator.validate(token().build());

        assertThat(result.hasErrors()).as("%s", descriptions(result)).isFalse();
    }

    @Test
    void acceptsAnAudienceListThatContainsGantryApi() {
        assertThat(validator.validate(token().audience(List.of("other-api", "gantry-api")).build()).hasErrors())
                .isFalse();
    }

    @Test
    void rejectsAnotherIssuer() {
        OAuth2TokenValidatorResult result = validator.validate(token().issuer("https://evil.example").build());

        assertThat(result.hasErrors()).isTrue();
        assertThat(descriptions(result)).anySatisfy(d -> assertThat(d).contains("iss"));
    }

    @Test
    void rejectsAnAudienceWithoutGantryApi() {
        OAuth2TokenValidatorResult result = validator.validate(token().audience(List.of("other-api")).build());

        assertThat(result.hasErrors()).isTrue();
        assertThat(descriptions(result)).anySatisfy(d -> assertThat(d).contains("aud"));
    }

    @Test
    void rejectsATokenWithoutAudience() {
        Instant now = Instant.now();
        Jwt noAudience = Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).subject(USER)
                .issuedAt(now.minusSeconds(10)).expiresAt(now.plusSeconds(300)).build();

        assertThat(validator.validate(noAudience).hasErrors()).isTrue();
    }

    @Test
    void rejectsABlankSubject() {
        OAuth2TokenValidatorResult result = validator.validate(token().subject("  ").build());

        assertThat(result.hasErrors()).isTrue();
        assertThat(descriptions(result)).anySatisfy(d -> assertThat(d).contains("sub"));
    }

    @Test
    void rejectsATokenWithoutSubject() {
        Jwt jwt = token().claims(claims -> claims.remove("sub")).build();

        assertThat(validator.validate(jwt).hasErrors()).isTrue();
    }

    @Test
    void rejectsATokenExpiredBeyondTheClockSkew() {
        Instant now = Instant.now();
        Jwt expired = token().issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(120)).build();

        OAuth2TokenValidatorResult result = validator.validate(expired);

        assertThat(result.hasErrors()).isTrue();
        assertThat(descriptions(result)).anySatisfy(d -> assertThat(d).containsIgnoringCase("expired"));
    }

    @Test
    void toleratesAnExpiryWithinTheClockSkew() {
        Instant now = Instant.now();
        Jwt justExpired = token().issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(20)).build();

        assertThat(validator.validate(justExpired).hasErrors()).isFalse();
    }

    @Test
    void refusesToBuildForAnIncompleteConfiguration() {
        assertThatThrownBy(() -> GantryJwtValidators.of(
                new GantryJwtProperties(ISSUER, null, URI.create("http://user-service:8081/oauth2/jwks"), false, null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesToBuildForLoopbackKeysWhenForbidden() {
        assertThatThrownBy(() -> GantryJwtValidators.of(
                new GantryJwtProperties(ISSUER, "gantry-api", URI.create("http://127.0.0.1:18090/jwks"), true, null)))
                .isInstanceOf(IllegalStateException.class);
    }
}
