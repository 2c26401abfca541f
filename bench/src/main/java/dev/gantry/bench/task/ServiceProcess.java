package dev.gantry.bench.task;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gantry.test.GantryInfrastructure;

/**
 * A Gantry service started from its built executable jar as a child process, as the platform runs it, pointed at
 * test-support's infrastructure (the servers named in the environment, else embedded ones) and its token issuer.
 */
final class ServiceProcess implements AutoCloseable {

    final int port;
    final int managementPort;
    private final Process process;
    private final Path log;

    private ServiceProcess(int port, int managementPort, Process process, Path log) {
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code <module>/target/<module>.jar} with the infrastructure settings plus {@code extra}. */
    static ServiceProcess start(Path root, String module, List<String> extra) throws Exception {
        Path jar = root.resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it first (./gantry bench builds the reactor)");
        }
        GantryInfrastructure infra = GantryInfrastructure.get();
        GantryInfrastructure.Postgres postgres = infra.postgres();
        GantryInfrastructure.Endpoint redis = infra.redis();
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--management.server.port=" + managementPort,
                "--logging.level.root=WARN",
                "--gantry.infra.postgres.host=" + postgres.host(),
                "--gantry.infra.postgres.port=" + postgres.port(),
                "--gantry.infra.postgres.database=" + postgres.database(),
                "--spring.datasource.password=" + GantryInfrastructure.ROLE_PASSWORD,
                "--spring.flyway.password=" + GantryInfrastructure.ROLE_PASSWORD,
                "--gantry.infra.redis.host=" + redis.host(),
                "--gantry.infra.redis.port=" + redis.port(),
                "--gantry.infra.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--gantry.events.topic-prefix=" + GantryInfrastructure.TOPIC_PREFIX,
                "--gantry.security.jwt.issuer=" + infra.tokens().issuer(),
                "--gantry.security.jwt.jwk-set-uri=" + infra.tokens().jwkSetUri()));
        command.addAll(extra);
        Path log = Files.createTempFile("gantry-bench-" + module + "-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServiceProcess service = new ServiceProcess(port, managementPort, process, log);
        service.awaitReady(module);
        return service;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady(String module) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + managementPort + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(module + " did not become healthy in 120 s; see " + log);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
