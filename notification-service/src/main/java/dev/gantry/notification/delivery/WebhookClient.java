package dev.gantry.notification.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.gantry.notification.integration.WebhookUrlGuard;

/**
 * POSTs JSON to robots and webhooks: the SSRF guard is asked again right before the call (DNS may have changed since
 * the URL was saved), redirects are never followed (a redirect could lead to an address the guard refuses), and
 * connect and response time are bounded.
 */
@Component
public class WebhookClient {

    /** What came back. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final WebhookUrlGuard guard;
    private final HttpClient http;
    private final Duration timeout;

    WebhookClient(WebhookUrlGuard guard, DeliveryProperties properties) {
        this.guard = guard;
        this.timeout = properties.timeout();
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
                .build();
    }

    public Response post(String url, String json, Map<String, String> headers) throws SendFailure {
        String refusal = guard.refusal(url).orElse(null);
        if (refusal != null) {
            throw new SendFailure("Refused to call the webhook: the URL " + refusal, false);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Gantry-Notifications/1")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new SendFailure("Webhook call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailure("Interrupted while calling the webhook", e);
        }
    }
}
