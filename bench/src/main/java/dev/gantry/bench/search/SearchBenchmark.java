package dev.gantry.bench.search;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.infra.FreePorts;
import dev.gantry.infra.RepoLayout;
import dev.gantry.infra.elasticsearch.ElasticsearchServer;
import dev.gantry.infra.kafka.KafkaServer;
import dev.gantry.infra.postgres.DatabaseProvisioner;
import dev.gantry.infra.postgres.PostgresServer;
import dev.gantry.infra.redis.RedisServerHandle;
import dev.gantry.infra.token.DevTokenIssuer;

/**
 * What search costs, measured against search-service as it runs (its jar in a child JVM) on servers of the
 * benchmark's own: PostgreSQL, Redis, Kafka and an Elasticsearch node with a heap of {@code bench.es.heap}.
 * <ol>
 * <li>Freshness under a steady {@code bench.rate} task events/s (default 200): the service's own
 * {@code gantry.search.freshness} histogram (event time to searchable), per round from the difference of its
 * buckets; baseline: a document written straight to Elasticsearch and refreshed, at the same rate.</li>
 * <li>Query latency over {@code bench.tasks} indexed tasks (default 1,000,000, bulk-loaded into the service's index):
 * a mix of Chinese and English text, filters and a filter-language query through {@code GET /api/v1/search} as a
 * member of 10% of the projects; baseline: a term query by document id straight to Elasticsearch.</li>
 * </ol>
 * Each figure is the median over rounds; nothing fails on a timing.
 */
public final class SearchBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "gantry-bench";
    private static final String ALIAS = "gantry-search";
    private static final String[] WORDS = {"payment", "callback", "timeout", "retry", "release", "gateway", "login",
        "report", "export", "import", "schedule", "board", "sprint", "deploy", "rollback", "canary", "approval",
        "checklist", "invoice", "refund", "mobile", "android", "ios", "latency", "cache", "queue", "index", "search",
        "billing", "audit", "token", "session", "upload", "webhook", "dingtalk", "feishu", "wecom", "migration"};
    private static final String[] PHRASES = {"支付回调", "上线检查", "灰度发布", "回滚方案", "审批流程", "关键路径",
        "看板", "工时统计", "风险预警", "里程碑", "接口超时", "数据迁移", "权限校验", "消息推送", "性能优化"};
    private static final String[] STATUSES = {"To do", "In progress", "Review", "Done"};
    private static final String[] PRIORITIES = {"LOWEST", "LOW", "MEDIUM", "HIGH", "HIGHEST"};

    private final int rate = Integer.getInteger("bench.rate", 200);
    private final int freshnessSeconds = Integer.getInteger("bench.freshness.seconds", 20);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final int tasks = Integer.getInteger("bench.tasks", 1_000_000);
    private final int queriesPerRound = Integer.getInteger("bench.queries", 200);
    private final int queryRounds = Integer.getInteger("bench.query.rounds", 5);
    private final String esHeap = System.getProperty("bench.es.heap", "2g");
    private final Random random = new Random(42);

    private final UUID tenant = UUID.randomUUID();
    private final UUID member = UUID.randomUUID();
    private final List<UUID> users = new ArrayList<>();
    private final List<UUID> projects = new ArrayList<>();
    private String es;
    private String service;
    private String token;
    private KafkaProducer<String, String> producer;

    public static void main(String[] args) throws Exception {
        new SearchBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory(Path.of("/tmp"), "gantry-bench-search-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logs = work.resolve("logs");
        Files.createDirectories(logs);
        line("work directory " + work + " (logs in " + logs + "); " + load());
        System.setProperty("gantry.es.heap", esHeap);
        try (PostgresServer postgres = PostgresServer.start(work.resolve("postgres"), FreePorts.find(),
                logs.resolve("postgres.log"));
                RedisServerHandle redis = RedisServerHandle.start(work.resolve("redis"), FreePorts.find(),
                        logs.resolve("redis.log"));
                KafkaServer kafka = KafkaServer.start(RepoLayout.locate().kafkaNodeHome(), work.resolve("kafka"),
                        FreePorts.find(), FreePorts.find(), logs.resolve("kafka.log"), Duration.ofSeconds(120));
                ElasticsearchServer node = ElasticsearchServer.start(RepoLayout.locate().elasticsearchNodeHome(),
                        work.resolve("elasticsearch"), FreePorts.find(), logs.resolve("elasticsearch.log"),
                        Duration.ofSeconds(180));
                DevTokenIssuer issuer = DevTokenIssuer.inMemory("https://bench.gantry.test").serveJwks(0)) {
            es = node.url();
            line("servers up; Elasticsearch heap " + esHeap);
            new DatabaseProvisioner("127.0.0.1", postgres.port(), PostgresServer.SUPERUSER, null)
                    .provision("gantry_bench_search", PASSWORD);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(Topics.PROJECTS, 6, (short) 1),
                        new NewTopic(Topics.TASKS, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            producer = producer(kafka.bootstrapServers());
            int port = FreePorts.find();
            Process process = startService(port, postgres.port(), redis.port(), kafka.bootstrapServers(), issuer,
                    logs.resolve("search-service.log"));
            try {
                service = "http://127.0.0.1:" + port;
                awaitUp(process);
                token = issuer.accessToken(member, tenant, List.of("MEMBER"), Duration.ofHours(4));
                setUpProjects();
                freshness();
                queries();
                line(load());
            } finally {
                producer.close();
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    // ---------------------------------------------------------------- set-up

    private Process startService(int port, int postgresPort, int redisPort, String kafka, DevTokenIssuer issuer,
            Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-jar",
                RepoLayout.locate().serviceJar("search-service").toString(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--gantry.infra.postgres.port=" + postgresPort, "--gantry.infra.postgres.database=gantry_bench_search",
                "--spring.datasource.password=" + PASSWORD, "--spring.flyway.password=" + PASSWORD,
                "--gantry.infra.redis.port=" + redisPort, "--gantry.infra.kafka.bootstrap-servers=" + kafka,
                "--gantry.infra.elasticsearch.uris=" + es,
                "--gantry.security.jwt.issuer=" + issuer.issuer(), "--gantry.security.jwt.jwk-set-uri="
                        + issuer.jwkSetUri(),
                "--management.tracing.sampling.probability=0"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy)); // also when the benchmark is interrupted
        return process;
    }

    private void awaitUp(Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("search-service exited with " + process.exitValue());
            }
            try {
                if (get(service + "/actuator/health/liveness", null).statusCode() == 200) {
                    line("search-service up");
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("search-service did not start in 3 minutes");
    }

    /** 200 projects of one tenant; the measuring member belongs to every tenth. */
    private void setUpProjects() throws Exception {
        for (int i = 0; i < 50; i++) {
            users.add(i == 0 ? member : UUID.randomUUID());
        }
        for (int i = 0; i < 200; i++) {
            UUID project = UUID.randomUUID();
            projects.add(project);
            List<ProjectMember> members = new ArrayList<>();
            members.add(new ProjectMember(users.get(1 + i % 49), ProjectRole.MANAGER, List.of()));
            if (i % 10 == 0) {
                members.add(new ProjectMember(member, ProjectRole.MEMBER, List.of()));
            }
            publish(ProjectEvents.CREATED, project, 1, new ProjectCreated(project, "P" + i, "Project " + i + " "
                    + PHRASES[i % PHRASES.length], "About project " + i, "ACTIVE", null, null, members,
                    members.getFirst().userId(), Instant.now()), Instant.now());
        }
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (total(Map.of("type", "project")) < 20) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projects were not indexed in 2 minutes");
            }
            Thread.sleep(500);
        }
        line("200 projects indexed; the member reads 20 of them");
    }

    // ---------------------------------------------------------------- freshness

    private void freshness() throws Exception {
        line("");
        line("Freshness at " + rate + " task events/s, " + rounds + " rounds of " + freshnessSeconds + " s");
        List<double[]> service = new ArrayList<>();
        List<double[]> baseline = new ArrayList<>();
        double beforeWarmUp = histogram().count;
        int warmUp = paced(rate * 5, this::sendTask); // 5 s, not measured
        awaitApplied(beforeWarmUp + warmUp, Duration.ofMinutes(2));
        for (int round = 1; round <= rounds; round++) {
            Histogram before = histogram();
            int sent = paced(rate * freshnessSeconds, this::sendTask);
            Histogram after = awaitApplied(before.count + sent, Duration.ofMinutes(2));
            Histogram delta = after.minus(before);
            double[] p = {delta.quantile(0.5), delta.quantile(0.99)};
            service.add(p);
            double[] b = directWriteAndRefresh(rate * freshnessSeconds);
            baseline.add(b);
            line(String.format("  round %d: service p50 %.1f ms p99 %.1f ms (%d events) | direct write, refresh every 200 ms "
                    + "p50 %.1f ms p99 %.1f ms", round, p[0], p[1], (long) delta.count, b[0], b[1]));
        }
        double p50 = median(service, 0);
        double p99 = median(service, 1);
        double b50 = median(baseline, 0);
        double b99 = median(baseline, 1);
        line(String.format("freshness @%d/s: p50 %.1f ms, p99 %.1f ms | baseline direct write p50 %.1f ms, "
                + "p99 %.1f ms | ratio p50 %.1fx, p99 %.1fx", rate, p50, p99, b50, b99, p50 / b50, p99 / b99));
    }

    private void sendTask(int i) {
        UUID task = UUID.randomUUID();
        publish(TaskEvents.CREATED, task, 1, new TaskCreated(randomTask(task, i)), Instant.now());
    }

    /** Sends {@code count} things at {@link #rate} per second on a fixed schedule; returns how many were sent. */
    private int paced(int count, java.util.function.IntConsumer send) throws InterruptedException {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            send.accept(i);
        }
        producer.flush();
        return count;
    }

    private Histogram awaitApplied(double count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Histogram histogram = histogram();
        while (histogram.count < count) {
            if (System.nanoTime() > deadline) {
                line("  (only " + (long) histogram.count + " of " + (long) count + " writes recorded in time)");
                return histogram;
            }
            Thread.sleep(200);
            histogram = histogram();
        }
        return histogram;
    }

    /**
     * Baseline: the same documents written straight to the node, one request each, paced like the events and made
     * searchable the way search-service does it (one refresh every 200 ms while there are writes): what the node
     * itself needs, without Kafka, the database transaction and the idempotency record; ms from send to searchable.
     */
    private double[] directWriteAndRefresh(int count) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ConcurrentLinkedQueue<Long> acknowledged = new java.util.concurrent.ConcurrentLinkedQueue<>();
        String index = es + "/bench-baseline";
        var refresher = Executors.newSingleThreadScheduledExecutor();
        refresher.scheduleWithFixedDelay(() -> {
            List<Long> batch = new ArrayList<>();
            for (Long at = acknowledged.poll(); at != null; at = acknowledged.poll()) {
                batch.add(at);
            }
            if (!batch.isEmpty()) {
                try {
                    send("POST", index + "/_refresh", null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long now = System.nanoTime();
                batch.forEach(at -> latencies.add((now - at) / 1e6));
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> done = new ArrayList<>();
        paced(count, i -> done.add(writers.submit(() -> {
            long begin = System.nanoTime();
            TaskState state = randomTask(UUID.randomUUID(), i);
            send("PUT", index + "/_doc/" + state.taskId() + "?routing=" + tenant,
                    JSON.writeValueAsString(document(state)));
            acknowledged.add(begin);
            return null;
        })));
        for (Future<?> future : done) {
            future.get();
        }
        writers.close();
        while (latencies.size() < count) {
            Thread.sleep(100);
        }
        refresher.shutdownNow();
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new double[] {percentile(sorted, 0.5), percentile(sorted, 0.99)};
    }

    /** The service's freshness histogram: cumulative counts by upper bound (seconds). */
    private record Histogram(TreeMap<Double, Double> buckets, double count) {

        Histogram minus(Histogram earlier) {
            TreeMap<Double, Double> delta = new TreeMap<>();
            buckets.forEach((le, n) -> delta.put(le, n - earlier.buckets.getOrDefault(le, 0.0)));
            return new Histogram(delta, count - earlier.count);
        }

        /** The quantile in ms, interpolated linearly inside the bucket that holds it. */
        double quantile(double q) {
            double target = q * count;
            double previousBound = 0;
            double previousCount = 0;
            for (var bucket : buckets.entrySet()) {
                if (bucket.getValue() >= target) {
                    double inBucket = bucket.getValue() - previousCount;
                    double bound = Double.isInfinite(bucket.getKey()) ? previousBound : bucket.getKey();
                    double fraction = inBucket == 0 ? 1 : (target - previousCount) / inBucket;
                    return (previousBound + (bound - previousBound) * fraction) * 1000;
                }
                previousBound = bucket.getKey();
                previousCount = bucket.getValue();
            }
            return previousBound * 1000;
        }
    }

    private static final Pattern BUCKET = Pattern.compile(
            "gantry_search_freshness_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)");
    private static final Pattern COUNT = Pattern.compile("gantry_search_freshness_seconds_count\\{[^}]*} ([0-9.eE+-]+)");

    private Histogram histogram() throws Exception {
        String metrics = get(service + "/actuator/prometheus", null).body();
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher m = BUCKET.matcher(metrics);
        while (m.find()) {
            buckets.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)),
                    Double.parseDouble(m.group(2)));
        }
        Matcher c = COUNT.matcher(metrics);
        return new Histogram(buckets, c.find() ? Double.parseDouble(c.group(1)) : 0);
    }

    // ---------------------------------------------------------------- queries

    private void queries() throws Exception {
        line("");
        String index = concreteIndex();
        long existing = count(index);
        int toLoad = (int) Math.max(0, tasks - existing);
        line("Query latency over " + tasks + " tasks: bulk-loading " + toLoad + " into " + index + " ...");
        long begin = System.nanoTime();
        send("PUT", es + "/" + index + "/_settings", "{\"index\":{\"refresh_interval\":\"-1\"}}");
        bulkLoad(index, toLoad);
        send("PUT", es + "/" + index + "/_settings", "{\"index\":{\"refresh_interval\":\"1s\"}}");
        send("POST", es + "/" + index + "/_refresh", null);
        line(String.format("  loaded in %.0f s; index holds %d documents, %s", (System.nanoTime() - begin) / 1e9,
                count(index), nodeMemory()));

        List<String> ids = sampleIds(index);
        List<Map<String, Object>> mix = queryMix();
        for (int i = 0; i < 100; i++) { // warm-up
            search(mix.get(i % mix.size()));
            directById(index, ids.get(i % ids.size()));
        }
        List<double[]> api = new ArrayList<>();
        List<double[]> baseline = new ArrayList<>();
        long hits = 0;
        for (int round = 1; round <= queryRounds; round++) {
            List<Double> a = new ArrayList<>();
            List<Double> b = new ArrayList<>();
            for (int i = 0; i < queriesPerRound; i++) {
                long t0 = System.nanoTime();
                hits += search(mix.get(i % mix.size()));
                a.add((System.nanoTime() - t0) / 1e6);
                long t1 = System.nanoTime();
                directById(index, ids.get((round * queriesPerRound + i) % ids.size()));
                b.add((System.nanoTime() - t1) / 1e6);
            }
            Collections.sort(a);
            Collections.sort(b);
            api.add(new double[] {percentile(a, 0.5), percentile(a, 0.99)});
            baseline.add(new double[] {percentile(b, 0.5), percentile(b, 0.99)});
            line(String.format("  round %d: GET /api/v1/search p50 %.1f ms p99 %.1f ms | term query by id p50 %.1f ms "
                    + "p99 %.1f ms", round, api.getLast()[0], api.getLast()[1], baseline.getLast()[0],
                    baseline.getLast()[1]));
        }
        double p50 = median(api, 0);
        double p99 = median(api, 1);
        double b50 = median(baseline, 0);
        double b99 = median(baseline, 1);
        line(String.format("query over %d tasks: p50 %.1f ms, p99 %.1f ms | baseline term-by-id p50 %.1f ms, p99 %.1f "
                + "ms | ratio p50 %.1fx, p99 %.1fx (avg %.0f matches per query; %s)", count(index), p50, p99, b50,
                b99, p50 / b50, p99 / b99, hits / (double) (queryRounds * queriesPerRound), nodeMemory()));
    }

    /** The mix: English words, a Chinese run, text with filters, the filter language, facets on every first page. */
    private List<Map<String, Object>> queryMix() {
        List<Map<String, Object>> mix = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            mix.add(Map.of("q", WORDS[i * 3 % WORDS.length] + " " + WORDS[(i * 7 + 1) % WORDS.length]));
            mix.add(Map.of("q", PHRASES[i % PHRASES.length]));
            mix.add(Map.of("q", WORDS[i % WORDS.length], "status", STATUSES[i % STATUSES.length]));
            mix.add(Map.of("query", "assignee = me AND status in (\"In progress\", Review) AND due < 7d "
                    + "ORDER BY priority DESC"));
            mix.add(Map.of("q", PHRASES[(i + 3) % PHRASES.length] + " " + WORDS[i % WORDS.length], "type", "task"));
        }
        return mix;
    }

    private long search(Map<String, Object> params) throws Exception {
        StringBuilder query = new StringBuilder("?limit=20");
        params.forEach((k, v) -> query.append('&').append(k).append('=')
                .append(URLEncoder.encode(v.toString(), StandardCharsets.UTF_8)));
        HttpResponse<String> response = get(service + "/api/v1/search" + query, token);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("search answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("total").asLong();
    }

    private void directById(String index, String id) throws Exception {
        send("POST", es + "/" + index + "/_search", "{\"query\":{\"term\":{\"_id\":\"" + id + "\"}}}");
    }

    private void bulkLoad(String index, int count) throws Exception {
        int batch = 5000;
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<Future<?>> pending = new ArrayList<>();
        for (int start = 0; start < count; start += batch) {
            int from = start;
            int size = Math.min(batch, count - start);
            StringBuilder body = new StringBuilder(size * 900);
            for (int i = 0; i < size; i++) {
                UUID task = UUID.randomUUID();
                TaskState state = randomTask(task, from + i);
                body.append("{\"index\":{\"_index\":\"").append(index).append("\",\"_id\":\"task:").append(task)
                        .append("\",\"routing\":\"").append(tenant).append("\"}}\n")
                        .append(JSON.writeValueAsString(document(state))).append('\n');
            }
            pending.add(senders.submit(() -> {
                String answer = send("POST", es + "/_bulk", body.toString());
                if (answer.contains("\"errors\":true")) {
                    throw new IllegalStateException("bulk errors: " + answer.substring(0, Math.min(500,
                            answer.length())));
                }
                return null;
            }));
            if (pending.size() >= 4) {
                pending.removeFirst().get();
            }
            if ((from / batch) % 40 == 0 && from > 0) {
                line("  ... " + from);
            }
        }
        for (Future<?> f : pending) {
            f.get();
        }
        senders.shutdown();
    }

    /** The document search-service writes for a task (SearchDocument's fields). */
    private Map<String, Object> document(TaskState t) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("type", "task");
        d.put("tenantId", tenant.toString());
        d.put("projectId", t.projectId().toString());
        d.put("taskId", t.taskId().toString());
        d.put("key", t.key());
        d.put("title", t.title());
        d.put("text", t.description());
        d.put("status", t.status());
        d.put("statusCategory", t.statusCategory().name());
        d.put("priority", t.priority());
        d.put("priorityRank", List.of(PRIORITIES).indexOf(t.priority()) + 1);
        d.put("taskType", t.type().name());
        d.put("assigneeId", t.assigneeId().toString());
        d.put("reporterId", t.reporterId().toString());
        d.put("labels", t.labels());
        d.put("dueDate", t.dueDate().toString());
        d.put("createdAt", t.createdAt().toString());
        d.put("updatedAt", t.updatedAt().toString());
        d.put("deleted", false);
        return d;
    }

    private TaskState randomTask(UUID task, int n) {
        UUID project = projects.get(random.nextInt(projects.size()));
        String title = PHRASES[random.nextInt(PHRASES.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " "
                + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
        StringBuilder description = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            description.append(i % 6 == 0 ? PHRASES[random.nextInt(PHRASES.length)] : WORDS[random.nextInt(WORDS.length)])
                    .append(' ');
        }
        int s = random.nextInt(STATUSES.length);
        Instant created = Instant.now().minus(Duration.ofMinutes(random.nextInt(500_000)));
        return new TaskState(task, project, "P" + projects.indexOf(project) + "-" + n, title, description.toString(),
                TaskType.TASK, STATUSES[s], s == 0 ? StatusCategory.TODO : s == 3 ? StatusCategory.DONE
                        : StatusCategory.IN_PROGRESS, PRIORITIES[random.nextInt(PRIORITIES.length)],
                users.get(random.nextInt(users.size())), users.get(random.nextInt(users.size())), List.of(),
                List.of(WORDS[random.nextInt(8)]), null, LocalDate.now().plusDays(random.nextInt(120) - 60), null,
                null, null, null, null, null, Map.of(), created, created);
    }

    private List<String> sampleIds(String index) throws Exception {
        JsonNode hits = JSON.readTree(send("POST", es + "/" + index + "/_search",
                "{\"size\":1000,\"_source\":false,\"query\":{\"function_score\":{\"random_score\":{\"seed\":7,"
                        + "\"field\":\"_seq_no\"}}}}")).get("hits").get("hits");
        List<String> ids = new ArrayList<>();
        hits.forEach(hit -> ids.add(hit.get("_id").asString()));
        return ids;
    }

    private String concreteIndex() throws Exception {
        JsonNode aliases = JSON.readTree(send("GET", es + "/_alias/" + ALIAS, null));
        return aliases.propertyNames().iterator().next();
    }

    private long count(String index) throws Exception {
        return JSON.readTree(send("GET", es + "/" + index + "/_count", null)).get("count").asLong();
    }

    private long total(Map<String, Object> params) throws Exception {
        return search(params);
    }

    private String nodeMemory() throws Exception {
        JsonNode node = JSON.readTree(send("GET", es + "/_nodes/stats/jvm,indices", null)).get("nodes").iterator()
                .next();
        JsonNode mem = node.get("jvm").get("mem");
        return String.format("node heap %d MB used of %d MB, index store %d MB",
                mem.get("heap_used_in_bytes").asLong() >> 20, mem.get("heap_max_in_bytes").asLong() >> 20,
                node.get("indices").get("store").get("size_in_bytes").asLong() >> 20);
    }

    // ---------------------------------------------------------------- plumbing

    private <T> void publish(EventType<T> type, UUID aggregate, long version, T payload, Instant time) {
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID(), type.name(),
                "bench", aggregate.toString(), time, "application/json", tenant, "bench", version, null,
                JSON.valueToTree(payload));
        producer.send(new ProducerRecord<>(type.topic(), aggregate.toString(), JSON.writeValueAsString(envelope)));
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    private static HttpResponse<String> get(String uri, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String send(String method, String uri, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", uri.endsWith("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(400, response.body().length())));
        }
        return response.body();
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double median(List<double[]> rounds, int column) {
        List<Double> values = new ArrayList<>(rounds.stream().map(r -> r[column]).toList());
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    /** The machine's load average: these figures depend on what else runs on it. */
    private static String load() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load average " + avg[0] + " " + avg[1] + " " + avg[2] + " on "
                    + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static void line(String text) {
        System.out.println(text);
    }
}
