package dev.gantry.notification.delivery;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.gantry.notification.notice.Channel;

/**
 * How deliveries are sent ({@code gantry.notifications.delivery.*}).
 *
 * @param maxAttempts     attempts before a delivery ends FAILED
 * @param initialBackoff  the wait after the first failed attempt, doubling each time up to {@code maxBackoff}
 * @param lease           how long a claimed delivery is reserved for the instance sending it; after a crash it is
 *                        sent again (same delivery id) once the lease ran out
 * @param pollInterval    how often the worker looks for due deliveries when no commit woke it
 * @param batchSize       deliveries claimed per tenant and round
 * @param perMinute       messages per minute a robot of that platform accepts (DingTalk 20, WeCom 20, Feishu 100);
 *                        beyond that, what waits is sent as digests
 * @param digestMaxItems  notices per digest message
 * @param timeout         connect and response timeout of webhook calls
 */
@ConfigurationProperties("gantry.notifications.delivery")
public record DeliveryProperties(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration lease,
        Duration pollInterval, Integer batchSize, Map<Channel, Integer> perMinute, Integer digestMaxItems,
        Duration timeout) {

    public DeliveryProperties {
        maxAttempts = maxAttempts == null ? 8 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(10) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(30) : maxBackoff;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
        batchSize = batchSize == null ? 50 : batchSize;
        perMinute = perMinute == null ? Map.of() : Map.copyOf(perMinute);
        digestMaxItems = digestMaxItems == null ? 30 : digestMaxItems;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
    }

    /** The documented per-robot limits unless configured otherwise. */
    public int perMinute(Channel platform) {
        return perMinute.getOrDefault(platform, switch (platform) {
            case DINGTALK, WECOM -> 20;
            case FEISHU -> 100;
            default -> Integer.MAX_VALUE;
        });
    }

    /** The wait before attempt {@code attempt + 1} after {@code attempt} failed ones: doubling, capped. */
    public Duration backoffAfter(int attempt) {
        long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
        Duration wait = initialBackoff.multipliedBy(factor);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
