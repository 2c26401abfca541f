package dev.gantry.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class GantryJwtAuthenticationConverterTest {

    private static final String USER = "0190c8a2-0000-7000-8000-000000000001";

    private final GantryJwtAuthenticationConverter converter = new GantryJwtAuthenticationConverter();

    private static Jwt.Builder token() {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject(USER)
                .claim("tid", "0190c8a2-7e4b-7cc1-9d1e-2f3a4b5c6d7e");
    }

    private static List<String> authorities(AbstractAuthenticationToken authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void turnsRolesIntoRoleAuthoritiesAndScopesIntoScopeAuthorities() {
        Jwt jwt = token().claim("roles", List.of("ADMIN")).claim("scope", "openid profile").build();

        AbstractAuthenticationToken authentication = converter.convert(jwt);

        assertThat(authorities(authentication)).containsExactlyInAnyOrder("ROLE_ADMIN", "SCOPE_openid", "SCOPE_profile");
    }

    @Test
    void readsAListValuedScope() {
        Jwt jwt = token().claim("scope", List.of("openid", "profile")).build();

        assertThat(authorities(converter.convert(jwt))).containsExactlyInAnyOrder("SCOPE_openid", "SCOPE_profile");
    }

    @Test
    void namesTheAuthenticationAfterTheSubjectAndKeepsTheToken() {
        Jwt jwt = token().claim("roles", List.of("MEMBER")).build();

        AbstractAuthenticationToken authentication = converter.convert(jwt);

        assertThat(authentication).isInstanceOf(JwtAuthenticationToken.class);
        assertThat(authentication.getName()).isEqualTo(USER);
        assertThat(authentication.getPrincipal()).isSameAs(jwt);
        assertThat(authentication.isAuthenticated()).isTrue();
    }

    @Test
    void grantsNothingForATokenWithoutRolesOrScopes() {
        assertThat(authorities(converter.convert(token().build()))).isEmpty();
    }

    @Test
    void grantsNoScopeForABlankScopeString() {
        assertThat(authorities(converter.convert(token().claim("scope", "   ").build()))).isEmpty();
    }

    @Test
    void toleratesARepeatedScope() {
        assertThat(authorities(converter.convert(token().claim("scope", "openid openid").build())))
                .containsOnly("SCOPE_openid");
    }
}
