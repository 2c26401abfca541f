package dev.gantry.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ipresolver.XForwardedRemoteAddressResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Problems;
import dev.gantry.gateway.problem.ProblemWriter;

/**
 * Redis token buckets (Spring Cloud Gateway's {@link RedisRateLimiter}, shared by every gateway instance) in front of
 * every route: a call with a token spends from its user's and its tenant's bucket, a call without one from its client
 * address's. An empty bucket answers 429 with Retry-After. If Redis cannot be reached, calls are let through.
 */
@Component
class RateLimitFilter implements GlobalFilter, Ordered {

    private static final String CONFIG_ID = "gantry";

    private final boolean enabled;
    private final RedisRateLimiter users;
    private final RedisRateLimiter tenants;
    private final RedisRateLimiter anonymous;
    private final XForwardedRemoteAddressResolver clientAddress;
    private final ProblemWriter problems;

    RateLimitFilter(RateLimitProperties properties, ApplicationContext context, ProblemWriter problems) {
        this.enabled = properties.enabled();
        this.users = limiter(properties.user(), context);
        this.tenants = limiter(properties.tenant(), context);
        this.anonymous = limiter(properties.anonymous(), context);
        this.clientAddress = XForwardedRemoteAddressResolver.maxTrustedIndex(Math.max(1, properties.trustedProxies()));
        this.problems = problems;
    }

    private static RedisRateLimiter limiter(RateLimitProperties.Bucket bucket, ApplicationContext context) {
        RedisRateLimiter limiter = new RedisRateLimiter(bucket.replenishRate(), bucket.burstCapacity(),
                bucket.tokensPerRequest());
        limiter.setApplicationContext(context);
        return limiter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!enabled) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(principal -> CurrentUser.from(((JwtAuthenticationToken) principal).getToken()))
                .map(this::bucketsOf)
                .switchIfEmpty(Mono.fromSupplier(() -> List.of(new Spend(anonymous, "ip:" + address(exchange)))))
                .flatMap(buckets -> Flux.fromIterable(buckets)
                        .concatMap(spend -> spend.limiter().isAllowed(CONFIG_ID, spend.key()))
                        .collectList())
                .flatMap(responses -> {
                    // the headers of the emptiest bucket: what the client should pace itself by
                    responses.stream().min(Comparator.comparingLong(RateLimitFilter::remaining))
                            .ifPresent(tightest -> tightest.getHeaders()
                                    .forEach((name, value) -> exchange.getResponse().getHeaders().set(name, value)));
                    if (responses.stream().allMatch(RateLimiter.Response::isAllowed)) {
                        return chain.filter(exchange);
                    }
                    long retryAfter = responses.stream().filter(response -> !response.isAllowed())
                            .mapToLong(RateLimitFilter::secondsUntilRefilled).max().orElse(1);
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(retryAfter));
                    return problems.write(exchange, Problems.of(HttpStatus.TOO_MANY_REQUESTS,
                            Problems.type("rate-limited"), "Too many requests",
                            "Slow down: this client has used its share of requests. Retry after " + retryAfter
                                    + (retryAfter == 1 ? " second." : " seconds.")));
                });
    }

    /** How long until the bucket holds what one request costs again, in whole seconds (at least 1). */
    private static long secondsUntilRefilled(RateLimiter.Response response) {
        long missing = header(response, RedisRateLimiter.REQUESTED_TOKENS_HEADER, 1) - Math.max(0, remaining(response));
        long rate = Math.max(1, header(response, RedisRateLimiter.REPLENISH_RATE_HEADER, 1));
        return Math.max(1, (missing + rate - 1) / rate);
    }

    private static long header(RateLimiter.Response response, String name, long fallback) {
        try {
            return Long.parseLong(response.getHeaders().getOrDefault(name, Long.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static long remaining(RateLimiter.Response response) {
        return header(response, RedisRateLimiter.REMAINING_HEADER, -1);
    }

    private record Spend(RedisRateLimiter limiter, String key) {
    }

    private List<Spend> bucketsOf(CurrentUser caller) {
        return caller.tenantId()
                .map(tenant -> List.of(new Spend(users, "user:" + caller.subject()),
                        new Spend(tenants, "tenant:" + tenant)))
                .orElseGet(() -> List.of(new Spend(users, "user:" + caller.subject())));
    }

    private String address(ServerWebExchange exchange) {
        InetSocketAddress address = clientAddress.resolve(exchange);
        return address == null || address.getAddress() == null ? "unknown" : address.getAddress().getHostAddress();
    }

    @Override
    public int getOrder() {
        // before routing, after the gateway has matched a route
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
