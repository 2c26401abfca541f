package dev.gantry.search;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.events.projects.ExportedProject;
import dev.gantry.events.tasks.ExportedComment;
import dev.gantry.events.tasks.ExportedTask;
import dev.gantry.test.GantryInfrastructure;

/**
 * Stands in for project-service's and task-service's internal export endpoints (being built alongside), exactly as
 * agreed: {@code GET /internal/v1/export/tenants|projects|tasks|comments?tenantId=&cursor=&limit=} answering
 * {@code {"items": [...], "nextCursor": ...}}, only for a token of the test issuer with scope {@code gantry.export}
 * and no tenant. A test may hold the first page of tasks until it has staged live events during a rebuild.
 */
public final class ExportStub {

    private static final ExportStub INSTANCE = new ExportStub();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Map<UUID, List<ExportedProject>> projects = new ConcurrentHashMap<>();
    private final Map<UUID, List<ExportedTask>> tasks = new ConcurrentHashMap<>();
    private final Map<UUID, List<ExportedComment>> comments = new ConcurrentHashMap<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<String> served = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch taskGate = new CountDownLatch(0);
    private volatile CountDownLatch tasksRequested = new CountDownLatch(0);

    private ExportStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/v1/export/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }

    public static ExportStub get() {
        return INSTANCE;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Replaces what the sources export: only these tenants and their things. */
    public void serve(Map<UUID, List<ExportedProject>> projects, Map<UUID, List<ExportedTask>> tasks,
            Map<UUID, List<ExportedComment>> comments) {
        this.projects.clear();
        this.projects.putAll(projects);
        this.tasks.clear();
        this.tasks.putAll(tasks);
        this.comments.clear();
        this.comments.putAll(comments);
    }

    /** Holds requests for tasks until {@link #release()}; {@link #awaitTasksRequested()} tells when one waits. */
    public void holdTasks() {
        tasksRequested = new CountDownLatch(1);
        taskGate = new CountDownLatch(1);
    }

    public boolean awaitTasksRequested() throws InterruptedException {
        return tasksRequested.await(60, TimeUnit.SECONDS);
    }

    public void release() {
        taskGate.countDown();
    }

    /** Requests refused for their token (reasons), and paths served. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    public List<String> served() {
        return List.copyOf(served);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String refusal = refusal(exchange.getRequestHeaders().getFirst("Authorization"));
            if (refusal != null) {
                refusals.add(refusal);
                respond(exchange, refusal.startsWith("401") ? 401 : 403, Map.of("title", refusal));
                return;
            }
            URI uri = exchange.getRequestURI();
            Map<String, String> query = query(uri.getRawQuery());
            String what = uri.getPath().substring("/internal/v1/export/".length());
            served.add(what);
            int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
            int offset = query.containsKey("cursor") ? Integer.parseInt(query.get("cursor")) : 0;
            List<?> all;
            if (what.equals("tenants")) {
                List<UUID> tenants = new ArrayList<>(projects.keySet());
                tasks.keySet().stream().filter(t -> !tenants.contains(t)).forEach(tenants::add);
                tenants.sort(null); // a stable order across pages
                all = tenants;
            } else {
                UUID tenant = UUID.fromString(query.get("tenantId"));
                all = switch (what) {
                    case "projects" -> projects.getOrDefault(tenant, List.of());
                    case "tasks" -> {
                        tasksRequested.countDown();
                        taskGate.await(60, TimeUnit.SECONDS);
                        yield tasks.getOrDefault(tenant, List.of());
                    }
                    case "comments" -> comments.getOrDefault(tenant, List.of());
                    default -> null;
                };
            }
            if (all == null) {
                respond(exchange, 404, Map.of("title", "no such export"));
                return;
            }
            List<?> page = all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
            Map<String, Object> body = new HashMap<>();
            body.put("items", page);
            body.put("nextCursor", offset + limit < all.size() ? String.valueOf(offset + limit) : null);
            respond(exchange, 200, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why a token is refused, as the real export endpoints would; null when it is accepted. */
    private static String refusal(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "401 no bearer token";
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7));
            var key = JWKSet.parse(GantryInfrastructure.get().tokens().jwksJson()).getKeys().getFirst().toRSAKey();
            if (!jwt.verify(new RSASSAVerifier(key))) {
                return "401 bad signature";
            }
            var claims = jwt.getJWTClaimsSet();
            if (claims.getClaim("tid") != null) {
                return "403 a tenant's token";
            }
            String scope = claims.getStringClaim("scope");
            if (scope == null || !List.of(scope.split(" ")).contains("gantry.export")) {
                return "403 no gantry.export scope";
            }
            return null;
        } catch (Exception e) {
            return "401 unreadable token";
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }
}
