package dev.gantry.common.security;

import java.util.ArrayList;
import java.util.Collection;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Tenant roles become {@code ROLE_*} authorities and scopes {@code SCOPE_*}; the name is the user id. */
public class GantryJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Collection<GrantedAuthority> authorities = new ArrayList<>();
        for (String role : CurrentUser.stringList(jwt.getClaim(CurrentUser.ROLES_CLAIM))) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
        }
        for (String scope : CurrentUser.scopes(jwt)) {
            authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
}
