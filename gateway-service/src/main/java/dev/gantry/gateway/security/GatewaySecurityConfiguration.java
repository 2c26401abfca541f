package dev.gantry.gateway.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.HeaderSpec;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;

import dev.gantry.common.security.GantryJwtProperties;
import dev.gantry.common.security.GantryJwtValidators;
import dev.gantry.common.web.Problems;
import dev.gantry.gateway.problem.ProblemWriter;

/**
 * The gateway checks every token before routing, against the same issuer rules as the services, and lets through
 * without one only the allow-list of ARCHITECTURE.md. The token itself is relayed unchanged. Browsers get CORS for
 * the configured web origins only and the usual protective headers (no-sniff, frame denial, a strict CSP and no
 * referrer on the gateway's own responses, HSTS over TLS).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties({GantryJwtProperties.class, BrowserProperties.class})
class GatewaySecurityConfiguration {

    @Bean
    ReactiveJwtDecoder jwtDecoder(GantryJwtProperties properties) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(GantryJwtValidators.of(properties));
        return decoder;
    }

    @Bean
    SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, ProblemWriter problems,
            ManagementPortMatcher managementPort, BrowserProperties browser) {
        ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
            return problems.write(exchange,
                    Problems.unauthorized(exchange.getRequest().getHeaders().getFirst("Authorization") != null));
        };
        ServerAccessDeniedHandler forbidden = (exchange, ex) -> problems.write(exchange, Problems.forbidden());
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .cors(cors -> cors.configurationSource(BrowserSecurity.cors(browser)))
                .headers(headers -> headers
                        .contentTypeOptions(Customizer.withDefaults())
                        .frameOptions(frame -> frame.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .hsts(HeaderSpec.HstsSpec::disable)
                        .contentSecurityPolicy(csp -> csp.policyDirectives(browser.contentSecurityPolicy()))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .writer(BrowserSecurity.hsts(browser)))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .matchers(managementPort).permitAll()
                        .pathMatchers(HttpMethod.GET, "/actuator/health").permitAll()
                        .pathMatchers(HttpMethod.GET, "/v3/api-docs/*").permitAll()
                        .pathMatchers("/login/**", "/logout/**", "/oauth2/**", "/.well-known/**", "/userinfo/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/tenants").permitAll()
                        .pathMatchers("/api/v1/bots/**").permitAll()
                        .pathMatchers("/actuator/**").denyAll()
                        .anyExchange().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> { })
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .build();
    }
}
