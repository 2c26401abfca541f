package dev.gantry.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class CurrentUserTest {

    private static final UUID TENANT = UUID.fromString("0190c8a2-7e4b-7cc1-9d1e-2f3a4b5c6d7e");
    private static final String USER = "0190c8a2-0000-7000-8000-000000000001";

    private static Jwt.Builder token() {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject(USER);
    }

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void readsSubjectTenantRolesAndScopes() {
        Jwt jwt = token().claim("tid", TENANT.toString()).claim("roles", List.of("ADMIN", "MEMBER"))
                .claim("scope", "openid profile").build();

        CurrentUser user = CurrentUser.from(jwt);

        assertThat(user.subject()).isEqualTo(USER);
        assertThat(user.tenantId()).contains(TENANT);
        assertThat(user.roles()).containsExactlyInAnyOrder("ADMIN", "MEMBER");
        assertThat(user.scopes()).containsExactlyInAnyOrder("openid", "profile");
        assertThat(user.hasRole("ADMIN")).isTrue();
        assertThat(user.hasRole("OWNER")).isFalse();
    }

    @Test
    void hasNoTenantWhenTheTidIsNotAUuid() {
        assertThat(CurrentUser.from(token().claim("tid", "acme").build()).tenantId()).isEmpty();
    }

    @Test
    void hasNoTenantForAPlatformClientWithoutTid() {
        assertThat(CurrentUser.from(token().claim("scope", "openid").build()).tenantId()).isEmpty();
    }

    @Test
    void splitsAScopeStringOnAnyWhitespace() {
        CurrentUser user = CurrentUser.from(token().claim("scope", "  openid\tprofile  projects:read ").build());

        assertThat(user.scopes()).containsExactlyInAnyOrder("openid", "profile", "projects:read");
    }

    @Test
    void readsAListValuedScope() {
        CurrentUser user = CurrentUser.from(token().claim("scope", List.of("openid", "profile")).build());

        assertThat(user.scopes()).containsExactlyInAnyOrder("openid", "profile");
    }

    @Test
    void takesASingleRoleStringAsOneRole() {
        assertThat(CurrentUser.from(token().claim("roles", "ADMIN").build()).roles()).containsExactly("ADMIN");
    }

    @Test
    void toleratesRepeatedRoles() {
        assertThat(CurrentUser.from(token().claim("roles", List.of("ADMIN", "ADMIN")).build()).roles())
                .containsExactly("ADMIN");
    }

    @Test
    void hasNoRolesOrScopesWhenTheTokenCarriesNone() {
        CurrentUser user = CurrentUser.from(token().claim("tid", TENANT.toString()).build());

        assertThat(user.roles()).isEmpty();
        assertThat(user.scopes()).isEmpty();
    }

    @Test
    void toleratesARepeatedScope() {
        assertThat(CurrentUser.from(token().claim("scope", "openid openid").build()).scopes())
                .containsExactly("openid");
    }

    @Test
    void hasNoScopesForABlankScopeString() {
        assertThat(CurrentUser.from(token().claim("scope", "").build()).scopes()).isEmpty();
    }

    @Test
    void currentIsTheCallerOfAJwtAuthentication() {
        Jwt jwt = token().claim("tid", TENANT.toString()).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));

        assertThat(CurrentUser.current()).hasValueSatisfying(user -> {
            assertThat(user.subject()).isEqualTo(USER);
            assertThat(user.tenantId()).contains(TENANT);
        });
    }

    @Test
    void currentIsEmptyWithoutAuthenticationOrWithAnotherKind() {
        assertThat(CurrentUser.current()).isEmpty();

        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated("someone", "n/a", List.of()));

        assertThat(CurrentUser.current()).isEmpty();
    }
}
