package dev.gantry.notification.bot;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link UserTokens} by OAuth 2.0 Token Exchange (RFC 8693) at {@code gantry.notifications.bots.token-uri}:
 * notification-service authenticates with its client credentials (HTTP Basic) and asks for an access token for the
 * user with {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange}, {@code
 * subject_token=<user id>}, {@code subject_token_type=urn:gantry:params:oauth:token-type:user-id}, {@code
 * requested_token_type=urn:ietf:params:oauth:token-type:access_token}, {@code audience=gantry-api} and the
 * Gantry extension parameter {@code tenant_id}. The authorization server decides whether this client may act for
 * that user (user-service allows it for the trusted notification client only).
 */
@Component
class TokenExchangeUserTokens implements UserTokens {

    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String USER_ID_TOKEN_TYPE = "urn:gantry:params:oauth:token-type:user-id";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final BotProperties properties;
    private final JsonMapper json;
    private final HttpClient http;

    TokenExchangeUserTokens(BotProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String tokenFor(UUID tenantId, UUID userId) throws UnavailableException {
        URI endpoint = properties.tokenUri();
        if (endpoint == null || properties.clientId() == null || properties.clientSecret() == null) {
            throw new UnavailableException("Token exchange is not configured (gantry.notifications.bots.token-uri, "
                    + "client-id, client-secret)");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT_TYPE);
        form.put("subject_token", userId.toString());
        form.put("subject_token_type", USER_ID_TOKEN_TYPE);
        form.put("requested_token_type", ACCESS_TOKEN_TYPE);
        form.put("audience", "gantry-api");
        form.put("tenant_id", tenantId.toString());
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(properties.clientId(),
                StandardCharsets.UTF_8) + ":" + URLEncoder.encode(properties.clientSecret(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(properties.timeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new UnavailableException("The token endpoint refused the exchange: HTTP "
                        + response.statusCode());
            }
            JsonNode answer = json.readTree(response.body());
            JsonNode token = answer.get("access_token");
            if (token == null || token.asString().isBlank()) {
                throw new UnavailableException("The token endpoint answered without an access_token");
            }
            return token.asString();
        } catch (java.io.IOException | RuntimeException e) {
            throw new UnavailableException("Token exchange failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted during token exchange", e);
        }
    }
}
