package dev.gantry.notification.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import dev.gantry.notification.notice.Channel;

/**
 * Business metrics of deliveries: {@code gantry_notifications_sent_total{channel}}, {@code
 * gantry_notifications_failed_total{channel}} (deliveries that ended FAILED; the Grafana dashboards and alerts use
 * this exact name) and {@code gantry_notifications_digest_size} (notices per robot message, 1 for a single one).
 */
@Component
public class DeliveryMetrics {

    private final MeterRegistry meters;
    private final DistributionSummary digestSize;

    DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.digestSize = DistributionSummary.builder("gantry.notifications.digest.size")
                .description("Notices per robot message (1 for a single notice, more for a digest)")
                .serviceLevelObjectives(1, 2, 5, 10, 20, 30)
                .register(meters);
        for (Channel channel : Channel.values()) {
            sentCounter(channel);
            failedCounter(channel);
        }
    }

    public void sent(Channel channel) {
        sentCounter(channel).increment();
    }

    public void failed(Channel channel) {
        failedCounter(channel).increment();
    }

    public void robotMessage(int notices) {
        digestSize.record(notices);
    }

    private Counter sentCounter(Channel channel) {
        return Counter.builder("gantry.notifications.sent").description("Notifications delivered, by channel")
                .tag("channel", channel.name().toLowerCase()).register(meters);
    }

    private Counter failedCounter(Channel channel) {
        return Counter.builder("gantry.notifications.failed")
                .description("Notifications that failed for good after their last attempt, by channel")
                .tag("channel", channel.name().toLowerCase()).register(meters);
    }
}
