package dev.gantry.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for a Gantry service behind the gateway: it answers 200 with its name, echoes the
 * request id as services do, and remembers what reached it.
 */
final class StandInService {

    private final String name;
    private final HttpServer server;
    private final Map<String, Map<String, String>> received;

    private StandInService(String name, HttpServer server, Map<String, Map<String, String>> received) {
        this.name = name;
        this.server = server;
        this.received = received;
    }

    /** @param received where each stand-in records, by service name, the last request it got */
    static StandInService start(String name, Map<String, Map<String, String>> received) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/", exchange -> {
                Map<String, String> seen = new ConcurrentHashMap<>();
                seen.put("path", exchange.getRequestURI().getRawPath());
                seen.put("method", exchange.getRequestMethod());
                for (String header : List.of("Authorization", "X-Request-Id", "traceparent")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        seen.put(header, value);
                    }
                }
                received.put(name, seen);
                byte[] body = ("{\"service\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (exchange.getRequestURI().getRawPath().startsWith("/login")) {
                    // a service's own page brings its own policy, which the gateway must not replace
                    exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
                }
                if (seen.containsKey("X-Request-Id")) {
                    exchange.getResponseHeaders().set("X-Request-Id", seen.get("X-Request-Id"));
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return new StandInService(name, server, received);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }
}
