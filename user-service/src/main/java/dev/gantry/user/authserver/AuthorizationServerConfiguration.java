package dev.gantry.user.authserver;

import java.util.ArrayList;
import java.util.List;

import java.time.Clock;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import dev.gantry.common.security.GantryJwtAuthenticationConverter;
import dev.gantry.common.security.GantryJwtProperties;
import dev.gantry.common.security.ProblemSecurityHandlers;
import dev.gantry.user.audit.AuditLog;
import dev.gantry.user.client.ApiClients;
import dev.gantry.user.token.ApiTokens;

/**
 * user-service as an OAuth 2.1 authorization server (Spring Authorization Server) next to its API.
 * <p>
 * Three filter chains: the authorization server's endpoints ({@code /oauth2/authorize}, {@code /oauth2/token},
 * {@code /oauth2/jwks}, {@code /userinfo}, discovery, ...) first, the sign-in pages second
 * ({@code dev.gantry.user.signin}), then the API as the resource server every Gantry service is. Defining any chain makes common-lib's default chain back off, so the API chain here is that same
 * chain (same public paths, converter and problem handlers); Spring Boot's own authorization-server
 * auto-configuration is excluded (application.yml) because it would install a second JWT decoder and an in-memory
 * key. The API keeps trusting the configured issuer's keys ({@code gantry.security.jwt.jwk-set-uri}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuthorizationServerConfiguration {

    /** As in common-lib's GantrySecurityAutoConfiguration: health, metrics and the API description stay open. */
    static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/error", "/v3/api-docs", "/v3/api-docs/**");

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, ProblemSecurityHandlers problems,
            JWKSource<SecurityContext> keys, UserProfileClaims profiles, RegisteredClientRepository clients,
            OAuth2TokenCustomizer<JwtEncodingContext> customizer, OAuth2AuthorizationService authorizations,
            ApiTokens personalTokens, Clock clock) throws Exception {
        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        JwtGenerator jwts = new JwtGenerator(new NimbusJwtEncoder(keys));
        jwts.setJwtCustomizer(customizer);
        DelegatingOAuth2TokenGenerator tokens = new DelegatingOAuth2TokenGenerator(jwts,
                new PublicClientRefresh.Generator(clock));
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer
                        .tokenGenerator(tokens)
                        .tokenEndpoint(endpoint -> endpoint
                                .accessTokenRequestConverters(converters ->
                                        converters.addFirst(new PersonalTokenExchange.Converter()))
                                .authenticationProvider(new PersonalTokenExchange.Provider(personalTokens, tokens,
                                        authorizations, clock)))
                        .clientAuthentication(authentication -> authentication
                                .authenticationConverter(new PublicClientRefresh.Converter())
                                .authenticationProvider(new PublicClientRefresh.Provider(clients)))
                        .oidc(oidc -> oidc.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(profiles::userInfo))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
                // userinfo takes this server's own access tokens (the API's decoder trusts the configured issuer)
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(OAuth2AuthorizationServerConfiguration.jwtDecoder(keys))))
                // a browser that must sign in first goes to the sign-in page; anything else gets a problem
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                new MediaTypeRequestMatcher(MediaType.TEXT_HTML))
                        .defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain apiChain(HttpSecurity http, GantryJwtProperties properties, ProblemSecurityHandlers problems)
            throws Exception {
        List<String> open = new ArrayList<>(ALWAYS_PUBLIC);
        open.addAll(properties.publicPaths());
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(open.toArray(String[]::new)).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new GantryJwtAuthenticationConverter()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }

    /** The issuer is the gateway's public URL, the one every service expects in {@code iss}. */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(GantryJwtProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(ApiClients clients,
            AuthorizationServerProperties properties) {
        return new ClientRegistrations(PlatformClients.registrations(properties),
                new TenantClientRegistrations(clients, properties.accessTokenLifetime()));
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients,
            JdbcClient jdbcClient, TransactionTemplate transactions, AuditLog audit, Clock clock) {
        return new RefreshTokenReplay(new JdbcOAuth2AuthorizationService(jdbc, clients), jdbcClient, transactions,
                audit, clock);
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeys keys) {
        return new DatabaseJwkSource(keys);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenCustomizer(SigningKeys keys, GantryJwtProperties properties,
            UserProfileClaims profiles) {
        return new GantryTokenCustomizer(keys, properties.audience(), profiles);
    }
}
