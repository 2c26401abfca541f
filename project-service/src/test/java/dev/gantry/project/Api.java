package dev.gantry.project;

import java.nio.charset.StandardCharsets;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** A small JSON client for scenario tests: any method, token, If-Match and body; answers status, ETag and JSON. */
public final class Api {

    private final RestTestClient http;

    public Api(int port) {
        this.http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    /** An answer: status, headers and the body as JSON (null when empty or not JSON). */
    public record Answer(int status, HttpHeaders headers, byte[] raw) {

        public DocumentContext json() {
            return JsonPath.parse(new String(raw, StandardCharsets.UTF_8));
        }

        public <T> T read(String path) {
            return json().read(path);
        }

        public String etag() {
            return headers.getETag();
        }

        public String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + (raw == null ? "" : text());
        }
    }

    public Answer call(HttpMethod method, String uri, String token, String ifMatch, String body) {
        RestTestClient.RequestBodySpec spec = http.method(method).uri(uri);
        if (token != null) {
            spec = spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (ifMatch != null) {
            spec = spec.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        RestTestClient.RequestHeadersSpec<?> ready = body == null ? spec
                : spec.contentType(MediaType.APPLICATION_JSON).body(body);
        var result = ready.exchange().returnResult(byte[].class);
        byte[] raw = result.getResponseBody();
        return new Answer(result.getStatus().value(), result.getResponseHeaders(), raw == null ? new byte[0] : raw);
    }

    public Answer get(String uri, String token) {
        return call(HttpMethod.GET, uri, token, null, null);
    }

    public Answer post(String uri, String token, String body) {
        return call(HttpMethod.POST, uri, token, null, body);
    }

    public Answer post(String uri, String token, String ifMatch, String body) {
        return call(HttpMethod.POST, uri, token, ifMatch, body);
    }

    public Answer patch(String uri, String token, String ifMatch, String body) {
        return call(HttpMethod.PATCH, uri, token, ifMatch, body);
    }

    public Answer put(String uri, String token, String ifMatch, String body) {
        return call(HttpMethod.PUT, uri, token, ifMatch, body);
    }

    public Answer delete(String uri, String token, String ifMatch) {
        return call(HttpMethod.DELETE, uri, token, ifMatch, null);
    }
}
