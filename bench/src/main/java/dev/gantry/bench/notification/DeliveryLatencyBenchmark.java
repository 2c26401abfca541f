package dev.gantry.bench.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.events.EventEnvelope;
import dev.gantry.events.EventType;
import dev.gantry.events.Topics;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskAssigned;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.events.users.UserCreated;
import dev.gantry.events.users.UserEvents;
import dev.gantry.events.users.UserProfile;
import dev.gantry.infra.FreePorts;
import dev.gantry.infra.RepoLayout;
import dev.gantry.infra.kafka.KafkaServer;
import dev.gantry.infra.postgres.DatabaseProvisioner;
import dev.gantry.infra.postgres.PostgresServer;
import dev.gantry.infra.redis.RedisServerHandle;
import dev.gantry.infra.token.DevTokenIssuer;

/**
 * Event to delivery latency of notification-service: {@code gantry.task.assigned.v1} events published on Kafka at a
 * steady rate (default 100/s), measured from the send to (a) the signed generic webhook's arrival at a receiver in
 * this JVM and (b) the notification's arrival on the assignee's open Server-Sent Events stream. Next to it, in the
 * same run and at the same rate, a plain Kafka produce-to-consume round trip as the baseline. notification-service
 * runs as its own process from {@code notification-service/target/notification-service.jar} on embedded
 * PostgreSQL, Redis and Kafka started here. Prints p50/p99 per round and the medians over the rounds; never fails on
 * a timing.
 *
 * <p>Settings: {@code -Dbench.rate=100} events/s, {@code -Dbench.seconds=10} per round, {@code -Dbench.warmups=2},
 * {@code -Dbench.rounds=3}.
 */
public final class DeliveryLatencyBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ISSUER = "https://issuer.bench.gantry";

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> webhookAt = new ConcurrentHashMap<>();
    private final Map<String, Long> streamAt = new ConcurrentHashMap<>();
    private final Map<String, Long> gatewayStreamAt = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        new DeliveryLatencyBenchmark().run(Integer.getInteger("bench.rate", 100),
                Integer.getInteger("bench.seconds", 10), Integer.getInteger("bench.warmups", 2),
                Integer.getInteger("bench.rounds", 3));
        System.exit(0);
    }

    private void run(int rate, int seconds, int warmups, int rounds) throws Exception {
        RepoLayout repo = RepoLayout.locate();
        Path jar = repo.serviceJar("notification-service");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build the service first: ./mvnw -B -ntp -q install -DskipTests "
                    + "-pl notification-service -am   (" + jar + " is missing)");
        }
        Path work = Files.createTempDirectory(Path.of("/tmp"), "gantry-bench-notifications-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.println("Starting PostgreSQL, Redis, Kafka and notification-service under " + work);
        try (PostgresServer postgres = PostgresServer.start(work.resolve("postgres"), FreePorts.find(),
                work.resolve("logs/postgres.log"));
                RedisServerHandle redis = RedisServerHandle.start(work.resolve("redis"), FreePorts.find(),
                        work.resolve("logs/redis.log"));
                KafkaServer kafka = KafkaServer.start(repo.kafkaNodeHome(), work.resolve("kafka"), FreePorts.find(),
                        FreePorts.find(), work.resolve("logs/kafka.log"), Duration.ofSeconds(120));
                DevTokenIssuer tokens = DevTokenIssuer.inMemory(ISSUER).serveJwks(0)) {
            new DatabaseProvisioner("127.0.0.1", postgres.port(), PostgresServer.SUPERUSER, null)
                    .provision("gantry_bench", "bench");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                admin.createTopics(List.of(Topics.USERS, Topics.PROJECTS, Topics.TASKS, "bench.baseline").stream()
                        .map(t -> new NewTopic(t, 6, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
            }
            HttpServer receiver = receiver();
            int port = FreePorts.find();
            Process service = startService(jar, work, port, postgres, redis, kafka, tokens);
            Path gatewayJar = repo.serviceJar("gateway-service");
            int gatewayPort = FreePorts.find();
            Process gateway = Files.exists(gatewayJar)
                    ? startGateway(gatewayJar, work, gatewayPort, port, redis, tokens) : null;
            try {
                awaitReady(port, service);
                if (gateway != null) {
                    awaitReady(gatewayPort, gateway, "/actuator/health");
                } else {
                    System.out.println("No " + gatewayJar + ": the stream through the gateway is not measured");
                }
                measure(rate, seconds, warmups, rounds, kafka, tokens, port, gateway == null ? -1 : gatewayPort,
                        receiver);
            } finally {
                service.destroy();
                service.waitFor(20, TimeUnit.SECONDS);
                if (gateway != null) {
                    gateway.destroy();
                    gateway.waitFor(20, TimeUnit.SECONDS);
                }
                receiver.stop(0);
            }
        }
    }

    private void measure(int rate, int seconds, int warmups, int rounds, KafkaServer kafka, DevTokenIssuer tokens,
            int port, int gatewayPort, HttpServer receiver) throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID project = UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka))) {
            publish(producer, UserEvents.CREATED, tenant, user, 1, new UserCreated(new UserProfile(user, null,
                    "Bench User", "en", "UTC", List.of("MEMBER"), List.of(), "ACTIVE")));
            publish(producer, ProjectEvents.CREATED, tenant, project, 1, new ProjectCreated(project, "BEN", "Bench",
                    null, "ACTIVE", null, null, List.of(new ProjectMember(user, ProjectRole.MEMBER, List.of())),
                    user, Instant.now()));
            producer.flush();
            HttpClient http = HttpClient.newHttpClient();
            String admin = tokens.accessToken(UUID.randomUUID(), tenant, List.of("ADMIN"), Duration.ofHours(1));
            String member = tokens.accessToken(user, tenant, List.of("MEMBER"), Duration.ofHours(1));
            String integration = """
                    {"projectId": "%s", "platform": "WEBHOOK", "name": "bench", "secret": "bench-secret",
                     "url": "http://127.0.0.1:%d/hook", "eventKinds": ["TASK_ASSIGNED"]}
                    """.formatted(project, receiver.getAddress().getPort());
            awaitProject(http, port, admin, integration);
            openStream(http, port, member, streamAt);
            if (gatewayPort > 0) {
                openStream(http, gatewayPort, member, gatewayStreamAt);
            }

            System.out.printf(Locale.ROOT, "%nRate %d events/s, %d s per round, %d rounds after %d warm-up rounds%n",
                    rate, seconds, rounds, warmups);
            List<long[]> webhook = new ArrayList<>();
            List<long[]> stream = new ArrayList<>();
            List<long[]> viaGateway = new ArrayList<>();
            List<long[]> baseline = new ArrayList<>();
            for (int round = 1 - warmups; round <= rounds; round++) {
                boolean warmUp = round <= 0;
                long[] base = baselineRound(kafka, rate, seconds);
                long[][] service = serviceRound(producer, tenant, project, user, rate, seconds);
                if (!warmUp) {
                    baseline.add(base);
                    webhook.add(service[0]);
                    stream.add(service[1]);
                    viaGateway.add(service[2]);
                }
                System.out.printf(Locale.ROOT, "%s  kafka round trip p50 %s p99 %s | webhook p50 %s p99 %s (%d) | "
                        + "SSE p50 %s p99 %s (%d) | SSE via gateway p50 %s p99 %s (%d)%n",
                        warmUp ? "warm-up " : "round " + round + " ",
                        ms(pct(base, 50)), ms(pct(base, 99)), ms(pct(service[0], 50)), ms(pct(service[0], 99)),
                        service[0].length, ms(pct(service[1], 50)), ms(pct(service[1], 99)), service[1].length,
                        ms(pct(service[2], 50)), ms(pct(service[2], 99)), service[2].length);
            }
            double baseP50 = median(baseline, 50);
            double baseP99 = median(baseline, 99);
            System.out.printf(Locale.ROOT, "%nMedian over %d rounds at %d events/s:%n", rounds, rate);
            System.out.printf(Locale.ROOT, "  Kafka produce->consume (baseline): p50 %s  p99 %s%n", ms((long) baseP50),
                    ms((long) baseP99));
            report("event -> generic webhook received", webhook, baseP50, baseP99);
            report("event -> in-app SSE stream", stream, baseP50, baseP99);
            if (gatewayPort > 0) {
                report("event -> SSE stream via the gateway", viaGateway, baseP50, baseP99);
            }
        }
    }

    private static void report(String what, List<long[]> rounds, double baseP50, double baseP99) {
        double p50 = median(rounds, 50);
        double p99 = median(rounds, 99);
        System.out.printf(Locale.ROOT, "  %-36s p50 %s (%.1fx baseline)  p99 %s (%.1fx baseline)%n", what + ":",
                ms((long) p50), p50 / baseP50, ms((long) p99), p99 / baseP99);
    }

    /** Publishes assignments at the rate; returns the webhook and SSE latencies (ns) of this round's events. */
    private long[][] serviceRound(KafkaProducer<String, String> producer, UUID tenant, UUID project, UUID user,
            int rate, int seconds) {
        String round = UUID.randomUUID().toString().substring(0, 6);
        int count = rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(start + i * interval - System.nanoTime());
            String key = "B" + round + "-" + i;
            keys.add(key);
            TaskState task = new TaskState(UUID.randomUUID(), project, key, "Bench " + i, "", TaskType.TASK, "Open",
                    StatusCategory.TODO, "MEDIUM", user, null, List.of(), List.of(), null, null, null, null, null,
                    null, null, null, null, Instant.now(), Instant.now());
            sentAt.put(key, System.nanoTime());
            publish(producer, TaskEvents.ASSIGNED, tenant, task.taskId(), 2, new TaskAssigned(task, null));
        }
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !keys.stream().allMatch(k -> webhookAt.containsKey(k)
                && streamAt.containsKey(k))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return new long[][] {latencies(keys, webhookAt), latencies(keys, streamAt),
                latencies(keys, gatewayStreamAt)};
    }

    private long[] latencies(List<String> keys, Map<String, Long> arrived) {
        return keys.stream().filter(arrived::containsKey).mapToLong(k -> arrived.get(k) - sentAt.get(k)).sorted()
                .toArray();
    }

    /** A plain Kafka round trip at the same rate: produce, and a consumer in this JVM notes the arrival. */
    private static long[] baselineRound(KafkaServer kafka, int rate, int seconds) throws Exception {
        int count = rate * seconds;
        Map<String, Long> sent = new ConcurrentHashMap<>();
        long[] latencies = new long[count];
        int[] received = {0};
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig);
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka))) {
            consumer.subscribe(List.of("bench.baseline"));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            Thread poller = Thread.ofPlatform().start(() -> {
                try {
                    while (received[0] < count && !Thread.currentThread().isInterrupted()) {
                        consumer.poll(Duration.ofMillis(50)).forEach(r -> {
                            Long at = sent.get(r.value());
                            if (at != null && received[0] < count) {
                                latencies[received[0]++] = System.nanoTime() - at;
                            }
                        });
                    }
                } catch (org.apache.kafka.common.errors.InterruptException stopped) {
                    // the round is over
                }
            });
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                LockSupport.parkNanos(start + i * interval - System.nanoTime());
                String value = UUID.randomUUID().toString();
                sent.put(value, System.nanoTime());
                producer.send(new ProducerRecord<>("bench.baseline", value, value));
            }
            producer.flush();
            poller.join(60_000);
            poller.interrupt();
        }
        long[] done = Arrays.copyOf(latencies, received[0]);
        Arrays.sort(done);
        return done;
    }

    private HttpServer receiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", exchange -> {
            long now = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode json = JSON.readTree(body);
            webhookAt.putIfAbsent(json.path("data").path("taskKey").asString(), now);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private void openStream(HttpClient http, int port, String token, Map<String, Long> arrivals) throws Exception {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/notifications/stream")).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("The stream answered " + response.statusCode());
        }
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    long now = System.nanoTime();
                    if (line.startsWith("data:") && line.contains("\"TASK_ASSIGNED\"")) {
                        String title = JSON.readTree(line.substring(5)).path("title").asString();
                        arrivals.putIfAbsent(title.substring(0, title.indexOf(' ')), now);
                    }
                }
            } catch (IOException e) {
                System.err.println("Stream closed: " + e);
            }
        });
    }

    /** Creates the webhook integration once the project is known to the service (its membership projection). */
    private static void awaitProject(HttpClient http, int port, String admin, String integration) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/integrations")).header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(integration))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not create the webhook: " + response.body());
            }
            Thread.sleep(200);
        }
    }

    private static Process startService(Path jar, Path work, int port, PostgresServer postgres,
            RedisServerHandle redis, KafkaServer kafka, DevTokenIssuer tokens) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--server.port=" + port,
                "--gantry.infra.postgres.port=" + postgres.port(),
                "--gantry.infra.postgres.database=gantry_bench",
                "--spring.datasource.password=bench", "--spring.flyway.password=bench",
                "--gantry.infra.redis.port=" + redis.port(),
                "--gantry.infra.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--gantry.security.jwt.issuer=" + ISSUER,
                "--gantry.security.jwt.jwk-set-uri=" + tokens.jwkSetUri(),
                "--gantry.notifications.allow-private-addresses=true",
                "--logging.level.root=WARN"));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("notification-service.log").toFile()).start();
    }

    /**
     * The gateway in front of the service, so the SSE stream is also measured the way the web app gets it: through
     * Spring Cloud Gateway's route for /api/v1/notifications/**, with its token check and rate limits.
     */
    private static Process startGateway(Path jar, Path work, int port, int servicePort, RedisServerHandle redis,
            DevTokenIssuer tokens) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--server.port=" + port, "--management.server.port=" + FreePorts.find(),
                "--gantry.services.notification-service=http://127.0.0.1:" + servicePort,
                "--gantry.infra.redis.port=" + redis.port(),
                "--gantry.security.jwt.issuer=" + ISSUER, "--gantry.security.jwt.jwk-set-uri=" + tokens.jwkSetUri(),
                "--logging.level.root=WARN").redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway-service.log").toFile()).start();
    }

    private static void awaitReady(int port, Process service) throws Exception {
        awaitReady(port, service, "/actuator/health/readiness");
    }

    private static void awaitReady(int port, Process service, String path) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("notification-service exited: see its log in the work directory");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("notification-service did not become ready");
    }

    private static <T> void publish(KafkaProducer<String, String> producer, EventType<T> type, UUID tenant,
            UUID aggregate, long version, T payload) {
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID(), type.name(), "bench",
                aggregate.toString(), Instant.now(), "application/json", tenant, "bench", version, null,
                JSON.valueToTree(payload));
        producer.send(new ProducerRecord<>(type.topic(), aggregate.toString(), JSON.writeValueAsString(envelope)));
    }

    private static Properties producerConfig(KafkaServer kafka) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    private static double median(List<long[]> rounds, double p) {
        double[] values = rounds.stream().mapToDouble(r -> pct(r, p)).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

}
