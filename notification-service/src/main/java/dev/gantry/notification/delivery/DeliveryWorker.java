package dev.gantry.notification.delivery;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.notification.integration.IntegrationSecrets;
import dev.gantry.notification.integration.Integrations;
import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.recipient.Recipient;
import dev.gantry.notification.recipient.Recipients;

/**
 * Sends due deliveries: woken right after a commit that added some, and otherwise every poll interval (retries,
 * deferred quiet-hour messages, robots waiting for their next minute). Every instance runs one; claims with leases
 * and SKIP LOCKED keep them from sending the same delivery twice, short of a crash between send and commit, after
 * which the delivery goes out again with the same id.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final Deliveries deliveries;
    private final Integrations integrations;
    private final Recipients recipients;
    private final MessageTemplates templates;
    private final EmailSender email;
    private final GenericWebhook webhook;
    private final DingTalkRobot dingTalk;
    private final WeComRobot weCom;
    private final FeishuBot feishu;
    private final RobotMessages robotMessages;
    private final DeliveryMetrics metrics;
    private final DeliveryProperties properties;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile Thread thread;
    private volatile boolean running;

    DeliveryWorker(Deliveries deliveries, Integrations integrations, Recipients recipients, MessageTemplates templates,
            EmailSender email, GenericWebhook webhook, DingTalkRobot dingTalk, WeComRobot weCom, FeishuBot feishu,
            RobotMessages robotMessages, DeliveryMetrics metrics, DeliveryProperties properties) {
        this.deliveries = deliveries;
        this.integrations = integrations;
        this.recipients = recipients;
        this.templates = templates;
        this.email = email;
        this.webhook = webhook;
        this.dingTalk = dingTalk;
        this.weCom = weCom;
        this.feishu = feishu;
        this.robotMessages = robotMessages;
        this.metrics = metrics;
        this.properties = properties;
        deliveries.onCommit(this::wake);
    }

    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("delivery-worker").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                sendDue();
                wakeUp.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Delivery round failed, trying again: {}", e.toString());
                try {
                    Thread.sleep(properties.pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One round over every tenant with due deliveries; the tests call it to send without waiting. */
    public void sendDue() {
        for (UUID tenant : deliveries.tenantsWithDueDeliveries()) {
            TenantContext.runAs(tenant, () -> {
                sendDirect();
                sendToRobots();
            });
        }
    }

    /** Sends the claimed e-mails and webhooks side by side (one slow receiver does not hold up the others). */
    private void sendDirect() {
        UUID tenant = TenantContext.requireTenant();
        List<Delivery> claimed;
        while (!(claimed = deliveries.claimDirect()).isEmpty()) {
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Delivery delivery : claimed) {
                    senders.submit(() -> TenantContext.runAs(tenant, () -> sendAndRecord(delivery)));
                }
            }
            if (claimed.size() < properties.batchSize()) {
                return;
            }
        }
    }

    private void sendAndRecord(Delivery delivery) {
        try {
            sendOne(delivery);
            deliveries.sent(List.of(delivery));
        } catch (SendFailure failure) {
            deliveries.failed(List.of(delivery), failure);
        } catch (RuntimeException e) {
            // left claimed: the lease runs out and the delivery is tried again
            log.warn("Delivery {} could not be completed: {}", delivery.id(), e.toString());
        }
    }

    private void sendOne(Delivery delivery) throws SendFailure {
        if (delivery.channel() == Channel.EMAIL) {
            Recipient recipient = recipients.find(delivery.userId()).filter(Recipient::active)
                    .orElseThrow(() -> new SendFailure("The recipient is unknown or disabled", false));
            email.send(recipient, delivery, templates.render(delivery.notice(), recipient.locale()));
            return;
        }
        IntegrationSecrets target = integrations.secretsOf(delivery.integrationId())
                .orElseThrow(() -> new SendFailure("The integration was deleted", false));
        webhook.send(target, delivery, templates.renderForTeam(delivery.notice(), target.locale()));
    }

    private void sendToRobots() {
        for (UUID robot : deliveries.robotsWithDueDeliveries()) {
            IntegrationSecrets target = integrations.secretsOf(robot).orElse(null);
            if (target == null) {
                continue;
            }
            for (Deliveries.RobotBatch batch : deliveries.claimForRobot(robot, target.platform())) {
                List<Notice> notices = batch.deliveries().stream().map(Delivery::notice).toList();
                RobotMessage message = notices.size() == 1
                        ? robotMessages.single(notices.getFirst(), target.locale(), target.platform())
                        : robotMessages.digest(notices, target.locale(), target.platform());
                try {
                    switch (target.platform()) {
                        case DINGTALK -> dingTalk.send(target, message);
                        case WECOM -> weCom.send(target, message);
                        case FEISHU -> feishu.send(target, message);
                        default -> throw new SendFailure("Not a robot: " + target.platform(), false);
                    }
                    deliveries.sent(batch.deliveries());
                    metrics.robotMessage(notices.size());
                } catch (SendFailure failure) {
                    deliveries.failed(batch.deliveries(), failure);
                }
            }
        }
    }
}
