package dev.gantry.platform;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import dev.gantry.infra.FreePorts;
import dev.gantry.infra.InfraEnvironment;
import dev.gantry.infra.RepoLayout;
import dev.gantry.infra.postgres.DatabaseProvisioner;
import dev.gantry.infra.postgres.PostgresServer;
import dev.gantry.infra.token.DevTokenIssuer;

/**
 * {@code ./gantry up | down | status | token | infra}: the whole platform on embedded infrastructure, on this
 * machine, with no Docker.
 */
public final class GantryPlatform {

    static final InfrastructureSet.Ports PLATFORM_PORTS = new InfrastructureSet.Ports(15432, 16379, 19092, 19093, 19200);
    static final int JWKS_PORT = 18090;
    static final String DATABASE = "gantry";
    static final String ISSUER = "http://localhost:8080";

    /** Services in start order, with the port their readiness answers on. */
    static final Map<String, Integer> SERVICES = services();

    private static Map<String, Integer> services() {
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("user-service", 8081);
        services.put("project-service", 8082);
        services.put("task-service", 8083);
        services.put("notification-service", 8084);
        services.put("search-service", 8085);
        services.put("gateway-service", 8090);
        return services;
    }

    private GantryPlatform() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "up" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        int exit = switch (command) {
            case "up" -> up();
            case "down" -> down();
            case "status" -> status();
            case "token" -> token(rest);
            case "infra" -> infra(rest);
            default -> {
                System.err.println("Unknown command " + command + ". Commands: up, down, status, token, infra");
                yield 2;
            }
        };
        System.exit(exit);
    }

    private static int up() throws Exception {
        RepoLayout repo = RepoLayout.locate();
        PlatformHome home = PlatformHome.of(repo.root());
        var running = PlatformHome.alive(home.platformPid());
        if (running.isPresent()) {
            Console.line("Gantry is already running (pid " + running.get().pid() + "): gateway at " + ISSUER
                    + ". Stop it with ./gantry down.");
            return 0;
        }
        stopLeftovers(home);
        List<String> busy = busyPorts();
        if (!busy.isEmpty()) {
            Console.line("Cannot start: these ports are in use by another program: " + String.join(", ", busy));
            return 1;
        }
        Files.createDirectories(home.run());
        PlatformHome.writePid(home.platformPid(), ProcessHandle.current().pid());
        Console.line("Starting Gantry from " + repo.root());
        Console.line("  data: " + home.data() + (home.postgresData().startsWith(home.data()) ? ""
                : " (PostgreSQL in " + home.postgresData() + ": .gantry is not reachable by user nobody)"));
        Console.line("  logs: " + home.logs());

        Platform platform = new Platform(home);
        Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "gantry-shutdown"));
        if (!platform.start(repo)) {
            return 1;
        }
        Console.line("");
        Console.line("Gantry is up: " + ISSUER);
        Console.line("  a development token:  TOKEN=$(./gantry token)");
        Console.line("  try:                  curl -H \"Authorization: Bearer $TOKEN\" " + ISSUER + "/api/v1/me");
        Console.line("  logs:                 " + home.logs());
        Console.line("  stop:                 Ctrl-C here, or ./gantry down");
        platform.watch();
        return 0;
    }

    /** Everything one {@code up} started, stopped in reverse order exactly once. */
    private static final class Platform {
        private final PlatformHome home;
        private final List<ServiceProcess> services = new ArrayList<>();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private InfrastructureSet infrastructure;
        private DevTokenIssuer issuer;
        private volatile boolean stopping;

        Platform(PlatformHome home) {
            this.home = home;
        }

        boolean start(RepoLayout repo) throws IOException {
            try {
                infrastructure = InfrastructureSet.start(repo, home.data(), home.postgresData(), home.logs(),
                        PLATFORM_PORTS);
            } catch (InfrastructureSet.StartFailure e) {
                return false;
            }
            long begin = System.nanoTime();
            try {
                new DatabaseProvisioner("127.0.0.1", PLATFORM_PORTS.postgres(), PostgresServer.SUPERUSER, null)
                        .provision(DATABASE, "gantry-local");
                Console.step("database", "'" + DATABASE + "' with one schema owner and runtime role per service, "
                        + Console.seconds(begin));
            } catch (java.sql.SQLException e) {
                Console.failed("database", e.getMessage(), home.logs().resolve("postgres.log"));
                return false;
            }
            // search-service reads the source services' exports with this client (its application.yml has the same)
            issuer = DevTokenIssuer.persistent(home.signingKey(), ISSUER)
                    .registerClient("search-service", "search-service-dev-secret", java.util.Set.of("gantry.export"))
                    .serveJwks(JWKS_PORT);
            Console.step("dev token issuer", "JWKS at " + issuer.jwkSetUri() + ", client_credentials at "
                    + issuer.tokenUri());
            return startServices(repo);
        }

        private boolean startServices(RepoLayout repo) throws IOException {
            long begin = System.nanoTime();
            for (var service : SERVICES.entrySet()) {
                Path log = home.logs().resolve(service.getKey() + ".log");
                Map<String, String> environment = new HashMap<>(Map.of("SERVER_ADDRESS", "127.0.0.1"));
                if (service.getKey().equals("gateway-service")) { // the only one with a separate management port
                    environment.put("MANAGEMENT_SERVER_ADDRESS", "127.0.0.1");
                }
                ServiceProcess process = ServiceProcess.start(service.getKey(), repo.serviceJar(service.getKey()),
                        service.getValue(), log, environment);
                PlatformHome.writePid(home.pidOf(service.getKey()), process.pid());
                services.add(process);
                Console.step(service.getKey(), "starting (pid " + process.pid() + ") ...");
            }
            List<ServiceProcess> waiting = new ArrayList<>(services);
            long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (!waiting.isEmpty()) {
                for (var it = waiting.iterator(); it.hasNext(); ) {
                    ServiceProcess service = it.next();
                    if (!service.isAlive()) {
                        Console.failed(service.name(), "exited with code " + service.exitCode(), service.log());
                        return false;
                    }
                    if (service.isReady()) {
                        Console.step(service.name(), "ready in " + Console.seconds(begin));
                        it.remove();
                    }
                }
                if (System.nanoTime() > deadline) {
                    waiting.forEach(s -> Console.failed(s.name(), "not ready after 4 minutes", s.log()));
                    return false;
                }
                sleep(Duration.ofMillis(500));
            }
            return true;
        }

        /** Reports services that die while the platform runs, until the platform is stopped. */
        void watch() throws InterruptedException {
            List<ServiceProcess> reported = new ArrayList<>();
            while (!stopping) {
                for (ServiceProcess service : services) {
                    if (!service.isAlive() && !reported.contains(service) && !stopping) {
                        Console.failed(service.name(), "exited unexpectedly with code " + service.exitCode(),
                                service.log());
                        reported.add(service);
                    }
                }
                sleep(Duration.ofSeconds(2));
            }
            stopped.await();
        }

        synchronized void stop() {
            if (stopping && stopped.getCount() == 0) {
                return;
            }
            stopping = true;
            Console.line("Stopping Gantry ...");
            List<Thread> stops = new ArrayList<>();
            for (ServiceProcess service : services.reversed()) {
                stops.add(Thread.ofVirtual().start(() -> service.stop(Duration.ofSeconds(40))));
            }
            for (Thread stop : stops) {
                try {
                    stop.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            services.forEach(s -> deleteQuietly(home.pidOf(s.name())));
            if (!services.isEmpty()) {
                Console.step("services", "stopped");
            }
            if (issuer != null) {
                issuer.close();
            }
            if (infrastructure != null) {
                infrastructure.close();
                Console.step("infrastructure", "stopped");
            }
            deleteQuietly(home.platformPid());
            Console.line("Gantry stopped. Data is kept in " + home.data());
            stopped.countDown();
        }
    }

    private static int down() throws Exception {
        PlatformHome home = PlatformHome.of(RepoLayout.locate().root());
        var running = PlatformHome.alive(home.platformPid());
        if (running.isEmpty()) {
            boolean any = stopLeftovers(home);
            Console.line(any ? "Stopped processes left by an earlier run." : "Gantry is not running.");
            return 0;
        }
        Console.line("Stopping Gantry (pid " + running.get().pid() + ") ...");
        running.get().destroy();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (running.get().isAlive() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(500));
        }
        if (running.get().isAlive()) {
            Console.line("Still running after 2 minutes; forcing it.");
            running.get().destroyForcibly();
        }
        stopLeftovers(home);
        Console.line("Gantry stopped.");
        return 0;
    }

    /** Kills service processes recorded by a run that did not stop cleanly; the servers stop with their parent. */
    private static boolean stopLeftovers(PlatformHome home) {
        boolean any = false;
        for (String service : SERVICES.keySet()) {
            var process = PlatformHome.alive(home.pidOf(service));
            if (process.isPresent() && process.get().info().command().map(c -> c.contains("java")).orElse(false)) {
                process.get().destroy();
                any = true;
            }
            deleteQuietly(home.pidOf(service));
        }
        Path postmaster = home.postgresData().resolve("postmaster.pid");
        var postgres = PlatformHome.alive(postmaster);
        if (postgres.isPresent()) {
            postgres.get().destroy();
            any = true;
        }
        return any;
    }

    private static int status() {
        PlatformHome home = PlatformHome.of(RepoLayout.locate().root());
        var running = PlatformHome.alive(home.platformPid());
        Console.line(running.map(p -> "Gantry is running (pid " + p.pid() + ")").orElse("Gantry is not running"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("postgres", PLATFORM_PORTS.postgres());
        ports.put("redis", PLATFORM_PORTS.redis());
        ports.put("kafka", PLATFORM_PORTS.kafka());
        ports.put("elasticsearch", PLATFORM_PORTS.elasticsearch());
        ports.forEach((name, port) -> Console.step(name, port + (listening(port) ? " listening" : " down")));
        SERVICES.forEach((name, port) -> {
            boolean ready = ServiceProcess.isReady(port);
            Console.step(name, port + (ready ? " ready" : listening(port) ? " not ready" : " down"));
        });
        return running.isPresent() ? 0 : 3;
    }

    /** Prints a development access token for the local platform: {@code token [--tenant ID] [--user ID] [--roles A,B]}. */
    private static int token(String[] args) throws IOException {
        PlatformHome home = PlatformHome.of(RepoLayout.locate().root());
        Properties identity = devIdentity(home);
        UUID tenant = UUID.fromString(option(args, "--tenant", identity.getProperty("tenant")));
        UUID user = UUID.fromString(option(args, "--user", identity.getProperty("user")));
        List<String> roles = List.of(option(args, "--roles", "OWNER").split(","));
        DevTokenIssuer issuer = DevTokenIssuer.persistent(home.signingKey(), ISSUER);
        System.out.println(issuer.accessToken(user, tenant, roles, Duration.ofHours(8)));
        return 0;
    }

    /** A fixed development tenant and user, so that what one creates stays visible across restarts. */
    private static Properties devIdentity(PlatformHome home) throws IOException {
        Properties identity = new Properties();
        Path file = home.devIdentity();
        if (Files.exists(file)) {
            try (var in = Files.newInputStream(file)) {
                identity.load(in);
            }
        } else {
            identity.setProperty("tenant", UUID.randomUUID().toString());
            identity.setProperty("user", UUID.randomUUID().toString());
            Files.createDirectories(file.getParent());
            try (var out = Files.newOutputStream(file)) {
                identity.store(out, "Development tenant and user of ./gantry token");
            }
        }
        return identity;
    }

    /**
     * Starts a throw-away set of servers on free ports for a test run, writes their coordinates as
     * {@code GANTRY_INFRA_*} variables to an env file, and runs until stopped: {@code infra --dir D --env-file F}.
     */
    private static int infra(String[] args) throws Exception {
        Path dir = Path.of(option(args, "--dir", null)).toAbsolutePath();
        Path envFile = Path.of(option(args, "--env-file", null)).toAbsolutePath();
        Files.createDirectories(dir);
        Files.deleteIfExists(envFile);
        InfrastructureSet.Ports ports = new InfrastructureSet.Ports(FreePorts.find(), FreePorts.find(),
                FreePorts.find(), FreePorts.find(), FreePorts.find());
        InfrastructureSet set;
        try {
            set = InfrastructureSet.start(RepoLayout.locate(), dir, dir.resolve("postgres"), dir.resolve("logs"), ports);
        } catch (InfrastructureSet.StartFailure e) {
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            set.close();
            done.countDown();
        }, "gantry-infra-shutdown"));
        String env = String.join(System.lineSeparator(),
                "export " + InfraEnvironment.POSTGRES_HOST + "=127.0.0.1",
                "export " + InfraEnvironment.POSTGRES_PORT + "=" + ports.postgres(),
                "export " + InfraEnvironment.POSTGRES_ADMIN_USER + "=" + PostgresServer.SUPERUSER,
                "export " + InfraEnvironment.REDIS_HOST + "=127.0.0.1",
                "export " + InfraEnvironment.REDIS_PORT + "=" + ports.redis(),
                "export " + InfraEnvironment.KAFKA_BOOTSTRAP_SERVERS + "=127.0.0.1:" + ports.kafka(),
                "export " + InfraEnvironment.ELASTICSEARCH_URIS + "=http://127.0.0.1:" + ports.elasticsearch(), "");
        Path partial = envFile.resolveSibling(envFile.getFileName() + ".tmp");
        Files.writeString(partial, env);
        Files.move(partial, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Console.line("Test infrastructure ready; coordinates in " + envFile);
        done.await();
        return 0;
    }

    private static List<String> busyPorts() {
        Map<Integer, String> needed = new LinkedHashMap<>();
        needed.put(PLATFORM_PORTS.postgres(), "postgres");
        needed.put(PLATFORM_PORTS.redis(), "redis");
        needed.put(PLATFORM_PORTS.kafka(), "kafka");
        needed.put(PLATFORM_PORTS.kafkaController(), "kafka controller");
        needed.put(PLATFORM_PORTS.elasticsearch(), "elasticsearch");
        needed.put(JWKS_PORT, "dev token issuer");
        needed.put(8080, "gateway-service");
        SERVICES.forEach((name, port) -> needed.put(port, name + (port == 8090 ? " management" : "")));
        List<String> busy = new ArrayList<>();
        needed.forEach((port, name) -> {
            if (listening(port)) {
                busy.add(port + " (" + name + ")");
            }
        });
        return busy;
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("Missing option " + name);
        }
        return fallback;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a pid file that cannot be deleted is ignored on the next start, which checks the process itself
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
