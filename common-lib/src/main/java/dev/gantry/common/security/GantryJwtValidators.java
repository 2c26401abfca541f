package dev.gantry.common.security;

import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/** What makes a Gantry access token acceptable, for the servlet services and the reactive gateway alike. */
public final class GantryJwtValidators {

    private GantryJwtValidators() {
    }

    /** Signature is checked by the decoder (RS256 only); this checks expiry, issuer, audience and subject. */
    public static OAuth2TokenValidator<Jwt> of(GantryJwtProperties properties) {
        properties.check();
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.contains(properties.audience()));
        OAuth2TokenValidator<Jwt> subject = new JwtClaimValidator<String>(JwtClaimNames.SUB,
                sub -> sub != null && !sub.isBlank());
        return new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()),
                audience, subject);
    }
}
