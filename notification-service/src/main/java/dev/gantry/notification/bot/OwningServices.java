package dev.gantry.notification.bot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls task-service and project-service with a user's token, as that user: the owning service authorizes. Only
 * the calls the bot commands need, with bounded time.
 */
@Component
class OwningServices {

    /** An answer: HTTP status and JSON body (a problem detail when it failed). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's detail (or title) when the call failed. */
        String problem() {
            if (body == null) {
                return "HTTP " + status;
            }
            JsonNode detail = body.has("detail") ? body.get("detail") : body.get("title");
            return detail == null ? "HTTP " + status : detail.asString();
        }
    }

    private final BotProperties properties;
    private final JsonMapper json;
    private final HttpClient http;

    OwningServices(BotProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Answer myTasks(String token) throws IOException {
        return get(at(properties.taskServiceUrl(), "/api/v1/my-tasks?limit=10"), token);
    }

    Answer task(String token, UUID taskId) throws IOException {
        return get(at(properties.taskServiceUrl(), "/api/v1/tasks/" + taskId), token);
    }

    Answer approve(String token, UUID releaseId, UUID stageId, String comment) throws IOException {
        URI uri = at(properties.projectServiceUrl(),
                "/api/v1/releases/" + releaseId + "/stages/" + stageId + "/approvals");
        String body = json.writeValueAsString(Map.of("decision", "APPROVE", "comment", comment));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), token);
    }

    /** The path under a base URL that may itself have a path (a service behind a prefix). */
    private static URI at(URI base, String path) {
        String root = base.toString();
        return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path);
    }

    private Answer get(URI uri, String token) throws IOException {
        return send(HttpRequest.newBuilder(uri).GET(), token);
    }

    private Answer send(HttpRequest.Builder request, String token) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.timeout(properties.timeout())
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = null;
            if (response.body() != null && !response.body().isBlank()) {
                try {
                    body = json.readTree(response.body());
                } catch (RuntimeException notJson) {
                    body = null;
                }
            }
            return new Answer(response.statusCode(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }
}
