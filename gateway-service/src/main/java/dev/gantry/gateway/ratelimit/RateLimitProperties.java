package dev.gantry.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token buckets at the gateway: per user and per tenant for calls with a token, per client address for calls
 * without one. A bucket holds {@code burstCapacity} requests and refills {@code replenishRate} per second.
 *
 * @param trustedProxies how many proxies in front of the gateway (the Ingress) append to X-Forwarded-For; the
 *                       client address is taken that many hops from the end
 */
@ConfigurationProperties("gantry.gateway.rate-limits")
public record RateLimitProperties(boolean enabled, Bucket user, Bucket tenant, Bucket anonymous, int trustedProxies) {

    /**
     * One kind of bucket.
     *
     * @param tokensPerRequest what one request costs (1 normally; more makes the refill slower than one request a
     *                         second, which Redis' whole-token arithmetic cannot express otherwise)
     */
    public record Bucket(int replenishRate, int burstCapacity, Integer tokensPerRequest) {
        public Bucket {
            tokensPerRequest = tokensPerRequest == null ? 1 : tokensPerRequest;
        }
    }

    public RateLimitProperties {
        user = user == null ? new Bucket(20, 40, 1) : user;
        tenant = tenant == null ? new Bucket(200, 400, 1) : tenant;
        anonymous = anonymous == null ? new Bucket(5, 20, 1) : anonymous;
    }
}
