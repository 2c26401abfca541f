package dev.gantry.notification.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.test.GantryInfrastructure;

/**
 * The outside world of notification-service in the test JVM, started once: a real SMTP server (GreenMail), robot and
 * webhook receivers that check signatures and formats as each platform documents them (written from the platforms'
 * documentation, never calling the service's signing code), an RFC 8693 token endpoint that mints tokens from the
 * test issuer, and stand-ins of task-service's and project-service's endpoints that bot commands call.
 */
public final class TestServers {

    public static final String SECRET_KEY = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');
    public static final String CLIENT_ID = "notification-service";
    public static final String CLIENT_SECRET = "test-client-secret";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static TestServers instance;

    /** One request a receiver got, with its verdict on signature and format. */
    public record Received(String path, Map<String, String> headers, String query, String body, JsonNode json,
            List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final GreenMail mail;
    private final HttpServer http;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failuresToAnswer = new ConcurrentHashMap<>();
    private final Map<String, Set<UUID>> approvers = new ConcurrentHashMap<>();
    private final List<Received> serviceCalls = new CopyOnWriteArrayList<>();

    private TestServers() throws IOException {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/dingtalk/", this::dingTalk);
        http.createContext("/wecom/", this::weCom);
        http.createContext("/feishu/", this::feishu);
        http.createContext("/webhook/", this::webhook);
        http.createContext("/oauth2/token", this::tokenExchange);
        http.createContext("/task-service/", this::taskService);
        http.createContext("/project-service/", this::projectService);
        http.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.stop(0);
            mail.stop();
        }));
    }

    public static synchronized TestServers get() {
        if (instance == null) {
            try {
                instance = new TestServers();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the test receivers", e);
            }
        }
        return instance;
    }

    public GreenMail mail() {
        return mail;
    }

    public int smtpPort() {
        return mail.getSmtp().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    /** A receiver path of its own for one test, with the secret it verifies signatures with. */
    public String receiver(String platform, String secret) {
        String path = "/" + platform + "/" + UUID.randomUUID();
        if (secret != null) {
            secrets.put(path, secret);
        }
        received.put(path, new CopyOnWriteArrayList<>());
        return path;
    }

    public List<Received> received(String path) {
        return List.copyOf(received.getOrDefault(path, List.of()));
    }

    /** The receiver answers 500 to its next {@code times} requests (Integer.MAX_VALUE: until told otherwise). */
    public void failNext(String path, int times) {
        failuresToAnswer.put(path, new AtomicInteger(times));
    }

    public void recover(String path) {
        failuresToAnswer.remove(path);
    }

    /** Who project-service's stand-in lets approve a stage. */
    public void allowApprovers(UUID stageId, Set<UUID> users) {
        approvers.put(stageId.toString(), Set.copyOf(users));
    }

    public List<Received> serviceCalls() {
        return List.copyOf(serviceCalls);
    }

    // ---- DingTalk custom robot: POST ?access_token=..&timestamp=<ms>&sign=<urlencoded base64 HmacSHA256> --------

    private void dingTalk(HttpExchange exchange) throws IOException {
        Received request = read(exchange);
        List<String> problems = request.problems();
        Map<String, String> query = queryOf(request.query());
        String secret = secrets.get(request.path());
        if (secret != null) {
            String timestamp = query.get("timestamp");
            String sign = query.get("sign");
            if (timestamp == null || sign == null) {
                problems.add("missing timestamp or sign");
            } else {
                // 钉钉文档: 把 timestamp+"\n"+密钥 当做签名字符串，使用 HmacSHA256 算法计算签名，然后进行 Base64 encode
                String expected = Base64.getEncoder().encodeToString(
                        hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
                                (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
                if (!expected.equals(sign)) {
                    problems.add("sign does not match");
                }
                if (Math.abs(System.currentTimeMillis() - Long.parseLong(timestamp)) > 3_600_000) {
                    problems.add("timestamp more than an hour off");
                }
            }
        }
        JsonNode body = request.json();
        if (body == null || !"markdown".equals(text(body, "msgtype")) || text(body.path("markdown"), "title").isEmpty()
                || text(body.path("markdown"), "text").isEmpty()) {
            problems.add("not a markdown message with title and text");
        } else if (text(body.path("markdown"), "text").getBytes(StandardCharsets.UTF_8).length > 20_000) {
            problems.add("markdown text above 20000 bytes");
        }
        record(request);
        if (failing(request.path())) {
            answer(exchange, 200, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}");
        } else if (!problems.isEmpty()) {
            answer(exchange, 200, "{\"errcode\":310000,\"errmsg\":\"" + problems.getFirst() + "\"}");
        } else {
            answer(exchange, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        }
    }

    // ---- WeCom group robot: POST ?key=..; markdown.content at most 4096 bytes ---------------------------------

    private void weCom(HttpExchange exchange) throws IOException {
        Received request = read(exchange);
        JsonNode body = request.json();
        if (body == null || !"markdown".equals(text(body, "msgtype"))
                || text(body.path("markdown"), "content").isEmpty()) {
            request.problems().add("not a markdown message with content");
        } else if (text(body.path("markdown"), "content").getBytes(StandardCharsets.UTF_8).length > 4096) {
            request.problems().add("markdown content above 4096 bytes");
        }
        record(request);
        answer(exchange, 200, request.valid() ? "{\"errcode\":0,\"errmsg\":\"ok\"}"
                : "{\"errcode\":40058,\"errmsg\":\"" + request.problems().getFirst() + "\"}");
    }

    // ---- Feishu custom bot: body timestamp (s) + sign = base64(HmacSHA256(key=timestamp+"\n"+secret, "")) -------

    private void feishu(HttpExchange exchange) throws IOException {
        Received request = read(exchange);
        JsonNode body = request.json();
        String secret = secrets.get(request.path());
        if (body == null) {
            request.problems().add("not JSON");
        } else {
            if (secret != null) {
                String timestamp = text(body, "timestamp");
                // 飞书文档: 把 timestamp + "\n" + 密钥 当做签名字符串，使用 HmacSHA256 算法计算签名，再进行 Base64 编码
                String expected = Base64.getEncoder().encodeToString(hmacSha256(
                        (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
                if (timestamp.isEmpty() || !expected.equals(text(body, "sign"))) {
                    request.problems().add("sign does not match");
                } else if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > 3600) {
                    request.problems().add("timestamp more than an hour off");
                }
            }
            if (!"interactive".equals(text(body, "msg_type"))
                    || text(body.path("card").path("header").path("title"), "content").isEmpty()
                    || !body.path("card").path("elements").isArray()) {
                request.problems().add("not an interactive card with a header title and elements");
            }
            if (request.body().getBytes(StandardCharsets.UTF_8).length > 20 * 1024) {
                request.problems().add("request body above 20 KB");
            }
        }
        record(request);
        answer(exchange, 200, request.valid() ? "{\"code\":0,\"msg\":\"success\",\"data\":{}}"
                : "{\"code\":19021,\"msg\":\"" + request.problems().getFirst() + "\"}");
    }

    // ---- Gantry's generic webhook: X-Gantry-Signature = sha256=hex(HmacSHA256(secret, timestamp + "." + body)) --

    private void webhook(HttpExchange exchange) throws IOException {
        Received request = read(exchange);
        String secret = secrets.get(request.path());
        String timestamp = request.headers().get("x-gantry-timestamp");
        String signature = request.headers().get("x-gantry-signature");
        if (request.headers().get("x-gantry-delivery") == null) {
            request.problems().add("no delivery id");
        }
        if (timestamp == null || signature == null || secret == null) {
            request.problems().add("no timestamp or signature");
        } else {
            String expected = "sha256=" + HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8),
                    (timestamp + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
            if (!expected.equals(signature)) {
                request.problems().add("signature does not match");
            }
        }
        if (request.json() == null || text(request.json(), "kind").isEmpty()) {
            request.problems().add("not a Gantry notification");
        }
        record(request);
        if (failing(request.path())) {
            answer(exchange, 500, "{}");
        } else {
            answer(exchange, request.valid() ? 204 : 401, "");
        }
    }

    // ---- RFC 8693 token exchange, minting from the test issuer -----------------------------------------------

    private void tokenExchange(HttpExchange exchange) throws IOException {
        Received request = read(exchange);
        Map<String, String> form = queryOf(request.body());
        String expectedBasic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!expectedBasic.equals(request.headers().get("authorization"))) {
            request.problems().add("bad client authentication");
        }
        if (!"urn:ietf:params:oauth:grant-type:token-exchange".equals(form.get("grant_type"))
                || !"urn:gantry:params:oauth:token-type:user-id".equals(form.get("subject_token_type"))
                || form.get("subject_token") == null || form.get("tenant_id") == null) {
            request.problems().add("not a token exchange for a user");
        }
        serviceCalls.add(request);
        if (!request.valid()) {
            answer(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String token = GantryInfrastructure.get().tokens().accessToken(UUID.fromString(form.get("subject_token")),
                UUID.fromString(form.get("tenant_id")), List.of("MEMBER"), Duration.ofMinutes(5));
        answer(exchange, 200, JSON.writeValueAsString(Map.of("access_token", token,
                "issued_token_type", "urn:ietf:params:oauth:token-type:access_token", "token_type", "Bearer",
                "expires_in", 300)));
    }

    // ---- task-service and project-service stand-ins: they check the bearer token as the real ones would --------

    private void taskService(HttpExchange exchange) throws IOException {
        Received request = read(exchange);
        UUID user = bearerUser(request);
        serviceCalls.add(request);
        if (user == null) {
            answer(exchange, 401, "{\"title\":\"Authentication required\"}");
        } else if (request.path().endsWith("/api/v1/my-tasks")) {
            answer(exchange, 200, JSON.writeValueAsString(Map.of("items", List.of(Map.of("key", "PAY-12", "title",
                    "Checkout for " + user.toString().substring(0, 8), "status", "In progress", "dueDate",
                    "2026-12-01")), "nextCursor", "")));
        } else {
            answer(exchange, 404, "{\"title\":\"Task not found\",\"detail\":\"No such task\"}");
        }
    }

    private void projectService(HttpExchange exchange) throws IOException {
        Received request = read(exchange);
        UUID user = bearerUser(request);
        serviceCalls.add(request);
        String[] parts = request.path().split("/");
        // /project-service/api/v1/releases/{release}/stages/{stage}/approvals
        if (user == null) {
            answer(exchange, 401, "{\"title\":\"Authentication required\"}");
        } else if (parts.length == 9 && "approvals".equals(parts[8]) && "POST".equals(exchange.getRequestMethod())
                && request.json() != null && "APPROVE".equals(text(request.json(), "decision"))) {
            if (approvers.getOrDefault(parts[7], Set.of()).contains(user)) {
                answer(exchange, 201, JSON.writeValueAsString(Map.of("approverId", user, "decision", "APPROVE")));
            } else {
                answer(exchange, 403, "{\"type\":\"https://gantry.dev/problems/not-an-approver\","
                        + "\"title\":\"Not an approver\",\"detail\":\"You are not an approver of this stage.\"}");
            }
        } else {
            answer(exchange, 400, "{\"title\":\"Bad request\"}");
        }
    }

    /** The user of a valid bearer token of the test issuer, or null. */
    private static UUID bearerUser(Received request) {
        String authorization = request.headers().get("authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            request.problems().add("no bearer token");
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7));
            RSAKey key = (RSAKey) JWKSet.parse(GantryInfrastructure.get().tokens().jwksJson()).getKeys().getFirst();
            if (!jwt.verify(new RSASSAVerifier(key))) {
                request.problems().add("bad token signature");
                return null;
            }
            return UUID.fromString(jwt.getJWTClaimsSet().getSubject());
        } catch (Exception e) {
            request.problems().add("unreadable token: " + e);
            return null;
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private boolean failing(String path) {
        AtomicInteger left = failuresToAnswer.get(path);
        return left != null && left.getAndDecrement() > 0;
    }

    private void record(Received request) {
        received.computeIfAbsent(request.path(), p -> new CopyOnWriteArrayList<>()).add(request);
    }

    private static Received read(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.getFirst()));
        JsonNode json = null;
        try {
            json = body.isBlank() ? null : JSON.readTree(body);
        } catch (RuntimeException notJson) {
            json = null;
        }
        URI uri = exchange.getRequestURI();
        return new Received(uri.getPath(), headers, uri.getRawQuery(), body, json, new ArrayList<>());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> queryOf(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query == null || query.isBlank()) {
            return values;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
