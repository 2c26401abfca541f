package dev.gantry.user.authserver;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The authorization server's keys from {@link SigningKeys}: the JWKS endpoint publishes their public halves, and the
 * token generator signs with the key whose id the token customizer puts in the header (the newest).
 */
class DatabaseJwkSource implements JWKSource<SecurityContext> {

    private final SigningKeys keys;

    DatabaseJwkSource(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        List<JWK> published = keys.published().stream().map(key -> (JWK) key.jwk()).toList();
        return selector.select(new JWKSet(published));
    }
}
