package dev.gantry.bench.task;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gantry.test.GantryInfrastructure;

/**
 * Create-task and list-tasks throughput and p99 through the gateway at concurrency {@code bench.concurrency}
 * (default 32), each next to a raw PostgreSQL single-row insert (resp. primary-key select) rate over JDBC at the same
 * concurrency in the same run. task-service and gateway-service run from their built jars (the gateway with rate limits
 * off: this measures routing, JWT validation and the service, not the limiter); creates spread over 16 projects, since
 * creates in one project queue on its key counter by design. Phases alternate raw/API per round; the line gives the
 * median of the rounds and the median of the per-round ratios. Never fails on a timing.
 *
 * <p>Settings: {@code bench.seconds} per phase (default 10), {@code bench.rounds} (default 3), {@code bench.concurrency},
 * {@code bench.warmup} seconds per API operation before measuring (default 20).
 */
public final class TaskApiBenchmark {

    static final int PROJECTS = 16;

    record Result(long operations, double perSecond, double p50Ms, double p99Ms, long errors) {
    }

    interface Operation {
        boolean run(int worker) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 10);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        int warmup = Integer.getInteger("bench.warmup", 20);
        Path root = Path.of(System.getProperty("gantry.root",
                System.getenv().getOrDefault("GANTRY_REPO_ROOT", "."))).toAbsolutePath();
        GantryInfrastructure infra = GantryInfrastructure.get();
        try (ServiceProcess tasks = ServiceProcess.start(root, "task-service", List.of());
                ServiceProcess gateway = ServiceProcess.start(root, "gateway-service", List.of(
                        "--gantry.services.task-service=" + tasks.baseUrl(),
                        "--gantry.gateway.rate-limits.enabled=false"))) {
            UUID tenant = UUID.randomUUID();
            UUID user = UUID.randomUUID();
            List<UUID> projects = new ArrayList<>();
            try (Connection c = Seeding.asTaskService(tenant)) {
                for (int i = 0; i < PROJECTS; i++) {
                    UUID project = UUID.randomUUID();
                    Seeding.project(c, tenant, project, "API" + i, user);
                    projects.add(project);
                }
            }
            prepareRawTable();
            String token = infra.tokens().accessToken(user, tenant, List.of("MEMBER"), Duration.ofHours(2));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String base = gateway.baseUrl();
            String direct = tasks.baseUrl();

            Operation create = worker -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/"
                                + projects.get(worker % PROJECTS) + "/tasks"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"title\": \"压测 load " + worker + "\", \"priority\": \"HIGH\", \"labels\": [\"bench\"]}"))
                        .build();
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
            };
            Operation list = worker -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/projects/"
                                + projects.get(worker % PROJECTS) + "/tasks?limit=50&sort=-createdAt"))
                        .header("Authorization", "Bearer " + token).build();
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            };
            // the same list straight to task-service: what the gateway adds is the difference
            Operation listDirect = worker -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(direct + "/api/v1/projects/"
                                + projects.get(worker % PROJECTS) + "/tasks?limit=50&sort=-createdAt"))
                        .header("Authorization", "Bearer " + token).build();
                return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            };
            List<Connection> raw = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                Connection connection = Seeding.connect(GantryInfrastructure.adminUser(),
                        GantryInfrastructure.adminPassword());
                connection.setAutoCommit(true);
                raw.add(connection);
            }
            Operation insert = worker -> {
                try (PreparedStatement statement = raw.get(worker).prepareStatement(
                        "insert into bench_raw.rows (id, tenant_id, title, created_at) values (?, ?, ?, now())")) {
                    statement.setObject(1, UUID.randomUUID());
                    statement.setObject(2, tenant);
                    statement.setString(3, "压测 load " + worker);
                    return statement.executeUpdate() == 1;
                }
            };
            Operation select = worker -> {
                try (PreparedStatement statement = raw.get(worker).prepareStatement(
                        "select * from bench_raw.rows where number = ?")) {
                    statement.setLong(1, 1 + ThreadLocalRandom.current().nextLong(1_000));
                    try (ResultSet rs = statement.executeQuery()) {
                        return rs.next();
                    }
                }
            };

            // warm-up: both paths, not measured
            // warm-up, not measured: long enough for the services' JIT (the rates kept rising over 10 s rounds
            // after a 5 s warm-up)
            measure(concurrency, warmup, create);
            measure(concurrency, 3, insert);
            measure(concurrency, warmup, list);
            measure(concurrency, warmup, listDirect);
            measure(concurrency, 3, select);
            List<Result> rawInserts = new ArrayList<>();
            List<Result> creates = new ArrayList<>();
            List<Result> rawSelects = new ArrayList<>();
            List<Result> lists = new ArrayList<>();
            List<Result> directLists = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                rawInserts.add(measure(concurrency, seconds, insert));
                creates.add(measure(concurrency, seconds, create));
                rawSelects.add(measure(concurrency, seconds, select));
                lists.add(measure(concurrency, seconds, list));
                directLists.add(measure(concurrency, seconds, listDirect));
                System.out.printf(Locale.ROOT, "round %d: insert %.0f/s, create %.0f/s, select %.0f/s, list %.0f/s%n",
                        round + 1, rawInserts.getLast().perSecond(), creates.getLast().perSecond(),
                        rawSelects.getLast().perSecond(), lists.getLast().perSecond());
            }
            for (Connection connection : raw) {
                connection.close();
            }
            System.out.printf(Locale.ROOT, "task API through the gateway at concurrency %d, %d rounds of %d s, "
                    + "medians:%n", concurrency, rounds, seconds);
            print("create task (POST, gateway)", creates, "raw single-row INSERT (JDBC)", rawInserts);
            print("list tasks (GET 50, gateway)", lists, "raw single-row SELECT (JDBC)", rawSelects);
            print("list tasks (GET 50, direct)", directLists, "raw single-row SELECT (JDBC)", rawSelects);
        }
        System.exit(0);
    }

    private static void print(String name, List<Result> api, String baseName, List<Result> base) {
        double[] ratios = new double[api.size()];
        for (int i = 0; i < api.size(); i++) {
            ratios[i] = api.get(i).perSecond() / base.get(i).perSecond();
        }
        System.out.printf(Locale.ROOT, "  %-30s %8.0f/s  p50 %6.1f ms  p99 %6.1f ms  errors %d%n", name,
                median(api.stream().mapToDouble(Result::perSecond).toArray()),
                median(api.stream().mapToDouble(Result::p50Ms).toArray()),
                median(api.stream().mapToDouble(Result::p99Ms).toArray()),
                api.stream().mapToLong(Result::errors).sum());
        System.out.printf(Locale.ROOT, "  %-30s %8.0f/s  p50 %6.1f ms  p99 %6.1f ms%n", baseName,
                median(base.stream().mapToDouble(Result::perSecond).toArray()),
                median(base.stream().mapToDouble(Result::p50Ms).toArray()),
                median(base.stream().mapToDouble(Result::p99Ms).toArray()));
        System.out.printf(Locale.ROOT, "  ratio (median of per-round ratios): x%.3f of the raw rate%n", median(ratios));
    }

    /** Runs {@code concurrency} workers doing {@code operation} back to back for {@code seconds}. */
    static Result measure(int concurrency, int seconds, Operation operation) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[concurrency];
        long[] errors = new long[concurrency];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            threads.add(Thread.ofPlatform().start(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    boolean ok;
                    try {
                        ok = operation.run(worker);
                    } catch (Exception e) {
                        ok = false;
                    }
                    long took = System.nanoTime() - start;
                    if (ok) {
                        if (counts[worker] < mine.length) {
                            mine[(int) counts[worker]] = took;
                        }
                        counts[worker]++;
                    } else {
                        errors[worker]++;
                    }
                }
            }));
        }
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) Math.min(Integer.MAX_VALUE - 8, total)];
        int n = 0;
        for (int w = 0; w < concurrency; w++) {
            int count = (int) Math.min(counts[w], latencies.get(w).length);
            System.arraycopy(latencies.get(w), 0, all, n, count);
            n += count;
        }
        long[] sorted = Arrays.copyOf(all, n);
        Arrays.sort(sorted);
        return new Result(total, total / elapsed, at(sorted, 0.5) / 1e6, at(sorted, 0.99) / 1e6,
                Arrays.stream(errors).sum());
    }

    private static long at(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    /** The baseline's table: a row of about a task's size, with a serial number for random primary-key reads. */
    private static void prepareRawTable() throws Exception {
        try (Connection c = Seeding.connect(GantryInfrastructure.adminUser(), GantryInfrastructure.adminPassword())) {
            try (var statement = c.createStatement()) {
                statement.execute("create schema if not exists bench_raw");
                statement.execute("""
                        create table if not exists bench_raw.rows (
                            number bigint generated always as identity primary key, id uuid not null unique,
                            tenant_id uuid not null, title varchar(500) not null, created_at timestamptz not null)
                        """);
                statement.execute("""
                        insert into bench_raw.rows (id, tenant_id, title, created_at)
                        select gen_random_uuid(), gen_random_uuid(), 'seed ' || g, now() from generate_series(1, 1000) g
                        """);
            }
            c.commit();
        }
    }
}
