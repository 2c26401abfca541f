package dev.gantry.search;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls search-service over HTTP as a client would and reads the JSON answers. */
public record SearchClient(RestTestClient http, String baseUrl) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static SearchClient on(int port) {
        String base = "http://127.0.0.1:" + port;
        return new SearchClient(RestTestClient.bindToServer().baseUrl(base).build(), base);
    }

    /** A GET with query parameters (each value URL-encoded); the status and the JSON body. */
    public Answer get(String token, String path, Map<String, ?> params) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(baseUrl + path);
        params.forEach((name, value) -> {
            if (value instanceof List<?> list) {
                list.forEach(v -> uri.queryParam(name, v));
            } else {
                uri.queryParam(name, value);
            }
        });
        URI built = uri.encode().build().toUri();
        // an absolute URI as built here, so that nothing encodes the parameters a second time
        var result = http.get().uri(built)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange().returnResult(String.class);
        return new Answer(result.getStatus().value(), read(result.getResponseBody()), result.getResponseHeaders());
    }

    public Answer search(String token, Map<String, ?> params) {
        return get(token, "/api/v1/search", params);
    }

    public static JsonNode read(String body) {
        return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    }

    /** A status, JSON body and headers. */
    public record Answer(int status, JsonNode body, HttpHeaders headers) {

        /** The {@code key} of each item (tasks' keys; a comment's is its task's key). */
        public List<String> keys() {
            List<String> keys = new ArrayList<>();
            body.get("items").forEach(item -> keys.add(item.get("type").asString() + ":" + text(item, "key")));
            return keys;
        }

        public List<String> titles() {
            List<String> titles = new ArrayList<>();
            body.get("items").forEach(item -> titles.add(text(item, "title")));
            return titles;
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }
}
