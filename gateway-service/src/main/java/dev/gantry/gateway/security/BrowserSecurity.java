package dev.gantry.gateway.security;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** CORS for the configured web origins and HSTS only where the client reached us over TLS. */
final class BrowserSecurity {

    /** What a web app may send and read cross-origin: the API's own headers, nothing more. */
    static final List<String> ALLOWED_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.IF_MATCH, "Idempotency-Key", "X-Request-Id", "traceparent", "X-XSRF-TOKEN");
    static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION,
            HttpHeaders.RETRY_AFTER, "X-Request-Id", "Idempotent-Replayed");

    private BrowserSecurity() {
    }

    static CorsConfigurationSource cors(BrowserProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (properties.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(properties.allowedOrigins());
        api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        api.setAllowedHeaders(ALLOWED_HEADERS);
        api.setExposedHeaders(EXPOSED_HEADERS);
        // the web app's session cookie (backend-for-frontend) travels with its calls
        api.setAllowCredentials(true);
        api.setMaxAge(properties.corsMaxAge());
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }

    /**
     * Strict-Transport-Security when the request came over TLS, directly or through the ingress that terminated it
     * ({@code X-Forwarded-Proto: https}); over plain HTTP browsers ignore it, and local development must not pin it.
     */
    static ServerHttpHeadersWriter hsts(BrowserProperties properties) {
        String value = "max-age=" + properties.hstsMaxAge().toSeconds() + "; includeSubDomains";
        return exchange -> {
            if (overTls(exchange) && !exchange.getResponse().getHeaders().containsHeader(
                    "Strict-Transport-Security")) {
                exchange.getResponse().getHeaders().set("Strict-Transport-Security", value);
            }
            return Mono.empty();
        };
    }

    private static boolean overTls(ServerWebExchange exchange) {
        return exchange.getRequest().getSslInfo() != null
                || "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme())
                || "https".equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst("X-Forwarded-Proto"));
    }
}
