package dev.gantry.notification.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.notification.integration.IntegrationSecrets;
import dev.gantry.notification.notice.RenderedMessage;

/**
 * Gantry's signed outgoing webhook: JSON body, {@code X-Gantry-Delivery} (the stable delivery id, the same on every
 * retry, for receivers to deduplicate), {@code X-Gantry-Event} (the notice kind), {@code X-Gantry-Timestamp} (Unix
 * seconds) and {@code X-Gantry-Signature: sha256=<hex HMAC-SHA256 of timestamp + "." + body>}. Any 2xx is success.
 */
@Component
public class GenericWebhook {

    public static final String DELIVERY_HEADER = "X-Gantry-Delivery";
    public static final String EVENT_HEADER = "X-Gantry-Event";
    public static final String TIMESTAMP_HEADER = "X-Gantry-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Gantry-Signature";

    private final WebhookClient client;
    private final JsonMapper json;
    private final Clock clock;

    GenericWebhook(WebhookClient client, JsonMapper json, Clock clock) {
        this.client = client;
        this.json = json;
        this.clock = clock;
    }

    public void send(IntegrationSecrets webhook, Delivery delivery, RenderedMessage message) throws SendFailure {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", delivery.id());
        body.put("eventId", delivery.eventId());
        body.put("kind", delivery.kind());
        body.put("tenantId", delivery.tenantId());
        body.put("projectId", delivery.notice().projectId());
        body.put("subjectId", delivery.notice().subjectId());
        body.put("title", message.title());
        body.put("text", message.body());
        body.put("link", message.link());
        // the notice's values, minus the references to translated labels (their text is in title and text)
        Map<String, String> data = new LinkedHashMap<>();
        delivery.notice().params().forEach((k, v) -> {
            if (!v.startsWith("#")) {
                data.put(k, v);
            }
        });
        body.put("data", data);
        body.put("createdAt", delivery.createdAt());
        String payload = json.writeValueAsString(body);
        long timestamp = clock.instant().getEpochSecond();
        WebhookClient.Response response = client.post(webhook.url(), payload, Map.of(
                DELIVERY_HEADER, delivery.id().toString(),
                EVENT_HEADER, delivery.kind().name(),
                TIMESTAMP_HEADER, Long.toString(timestamp),
                SIGNATURE_HEADER, Signatures.gantry(timestamp, payload, webhook.secret())));
        if (!response.ok()) {
            // a 4xx other than timeout / rate limit will not change by itself, but receivers come back: keep retrying
            throw new SendFailure("Webhook answered HTTP " + response.status(), true);
        }
    }
}
