package dev.gantry.user.authserver;

import java.security.Principal;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.gantry.user.signin.SignIns;
import dev.gantry.user.token.ApiTokens;

/**
 * Token exchange (RFC 8693) of a personal API token for a short-lived access token of its user, for a trusted platform
 * client (the gateway): scripts present their {@code gnt_pat_} token to the gateway, which relays a JWT like for
 * every other caller. The access token carries the personal token's scopes and the user's current roles.
 */
final class PersonalTokenExchange {

    static final String TOKEN_TYPE = "urn:gantry:params:oauth:token-type:personal-api-token";
    static final String ISSUED_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private PersonalTokenExchange() {
    }

    /** A token-exchange request whose subject is a personal API token. */
    static final class Request extends OAuth2AuthorizationGrantAuthenticationToken {
        private final String subjectToken;

        Request(Authentication client, String subjectToken) {
            super(AuthorizationGrantType.TOKEN_EXCHANGE, client, Map.of());
            this.subjectToken = subjectToken;
        }

        String subjectToken() {
            return subjectToken;
        }
    }

    /** Reads the request; other token exchanges are left to Spring Authorization Server. */
    static final class Converter implements AuthenticationConverter {
        @Override
        public Authentication convert(HttpServletRequest request) {
            if (!AuthorizationGrantType.TOKEN_EXCHANGE.getValue().equals(
                    request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                    || !TOKEN_TYPE.equals(request.getParameter(OAuth2ParameterNames.SUBJECT_TOKEN_TYPE))) {
                return null;
            }
            String[] subject = request.getParameterValues(OAuth2ParameterNames.SUBJECT_TOKEN);
            if (subject == null || subject.length != 1 || subject[0].length() > 100) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
            }
            return new Request(SecurityContextHolder.getContext().getAuthentication(), subject[0]);
        }
    }

    /** Issues the user's access token when the client may exchange and the personal token is usable. */
    static final class Provider implements AuthenticationProvider {
        private final ApiTokens tokens;
        private final OAuth2TokenGenerator<? extends OAuth2Token> generator;
        private final OAuth2AuthorizationService authorizations;
        private final Clock clock;

        Provider(ApiTokens tokens, OAuth2TokenGenerator<? extends OAuth2Token> generator,
                OAuth2AuthorizationService authorizations, Clock clock) {
            this.tokens = tokens;
            this.generator = generator;
            this.authorizations = authorizations;
            this.clock = clock;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            Request request = (Request) authentication;
            if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
                    || !client.isAuthenticated() || client.getRegisteredClient() == null) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
            }
            RegisteredClient registered = client.getRegisteredClient();
            if (!registered.getAuthorizationGrantTypes().contains(AuthorizationGrantType.TOKEN_EXCHANGE)) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT);
            }
            ApiTokens.TokenPrincipal subject = tokens.authenticate(request.subjectToken()).orElseThrow(() ->
                    new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                            "The personal API token is unknown, revoked, expired, or its user is disabled", null)));
            Authentication user = SignIns.authentication(subject.tenantId(), subject.userId(), clock.instant(), false);
            DefaultOAuth2TokenContext context = DefaultOAuth2TokenContext.builder()
                    .registeredClient(registered)
                    .principal(user)
                    .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                    .authorizedScopes(new HashSet<>(subject.scopes()))
                    .tokenType(OAuth2TokenType.ACCESS_TOKEN)
                    .authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
                    .authorizationGrant(request)
                    .build();
            OAuth2Token generated = generator.generate(context);
            if (generated == null) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
                        "The access token could not be generated", null));
            }
            OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                    generated.getTokenValue(), generated.getIssuedAt(), generated.getExpiresAt(),
                    context.getAuthorizedScopes());
            OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(registered)
                    .principalName(user.getName())
                    .authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
                    .authorizedScopes(context.getAuthorizedScopes())
                    .attribute(Principal.class.getName(), user);
            if (generated instanceof org.springframework.security.oauth2.jwt.Jwt jwt) {
                authorization.token(access, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
                        jwt.getClaims()));
            } else {
                authorization.accessToken(access);
            }
            authorizations.save(authorization.build());
            return new OAuth2AccessTokenAuthenticationToken(registered, client, access, null,
                    Map.of("issued_token_type", ISSUED_TOKEN_TYPE));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return Request.class.isAssignableFrom(authentication);
        }
    }
}
