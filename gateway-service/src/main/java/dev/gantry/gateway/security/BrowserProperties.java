package dev.gantry.gateway.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What browsers are told: which web origins may call the API cross-origin (none unless configured), and the content
 * security policy for responses the gateway makes itself (downstream pages bring their own).
 */
@ConfigurationProperties("gantry.gateway.browser")
record BrowserProperties(List<String> allowedOrigins, @DefaultValue("1h") Duration corsMaxAge,
        @DefaultValue("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
        String contentSecurityPolicy, @DefaultValue("365d") Duration hstsMaxAge) {

    BrowserProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
}
