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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import dev.gantry.test.GantryInfrastructure;

/**
 * The Gantt schedule endpoint of a large project: task-service runs from its built jar against real PostgreSQL
 * (test-support's infrastructure); a project of {@code bench.tasks} tasks (default 10,000) and {@code bench.deps}
 * dependencies (default 20,000: FS/SS/FF/SF mixed, lags −2..+5 working days, acyclic by construction), a quarter of the
 * tasks with planned dates, on a calendar with China's National Day holidays and 调休 make-up Saturdays. Each round
 * fetches {@code GET /api/v1/projects/{id}/schedule} over HTTP (the whole request: authorization, the two queries,
 * CPM, JSON) and, as the baseline, runs the same two SELECTs over JDBC as the service's role in a tenant transaction,
 * reading every column. Prints medians and the ratio; never fails on a timing.
 *
 * <p>Settings: {@code bench.tasks}, {@code bench.deps}, {@code bench.rounds} (default 15), {@code bench.warmup}
 * (default 5), {@code gantry.root} (repository root, default the working directory).
 */
public final class ScheduleBenchmark {

    public static void main(String[] args) throws Exception {
        int tasks = Integer.getInteger("bench.tasks", 10_000);
        int deps = Integer.getInteger("bench.deps", 20_000);
        int rounds = Integer.getInteger("bench.rounds", 15);
        int warmup = Integer.getInteger("bench.warmup", 5);
        Path root = Path.of(System.getProperty("gantry.root",
                System.getenv().getOrDefault("GANTRY_REPO_ROOT", "."))).toAbsolutePath();
        GantryInfrastructure infra = GantryInfrastructure.get();
        try (ServiceProcess taskService = ServiceProcess.start(root, "task-service", List.of())) {
            UUID tenant = UUID.randomUUID();
            UUID user = UUID.randomUUID();
            UUID project = UUID.randomUUID();
            long seeding = System.nanoTime();
            seed(tenant, user, project, tasks, deps);
            System.out.printf(Locale.ROOT, "seeded %,d tasks and %,d dependencies in %.1f s%n", tasks, deps,
                    (System.nanoTime() - seeding) / 1e9);
            String token = infra.tokens().accessToken(user, tenant, List.of("MEMBER"), Duration.ofHours(1));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(taskService.baseUrl() + "/api/v1/projects/"
                    + project + "/schedule")).header("Authorization", "Bearer " + token).build();

            double[] api = new double[rounds];
            double[] baseline = new double[rounds];
            int bytes = 0;
            try (Connection jdbc = Seeding.asTaskService(tenant)) {
                for (int round = 0; round < warmup + rounds; round++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    long apiNanos = System.nanoTime() - start;
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("schedule answered " + response.statusCode() + ": "
                                + new String(response.body()));
                    }
                    bytes = response.body().length;
                    start = System.nanoTime();
                    int rows = selectBoth(jdbc, tenant, project);
                    long baseNanos = System.nanoTime() - start;
                    if (rows != tasks + deps) {
                        throw new IllegalStateException("baseline read " + rows + " rows");
                    }
                    if (round >= warmup) {
                        api[round - warmup] = apiNanos / 1e6;
                        baseline[round - warmup] = baseNanos / 1e6;
                    }
                }
            }
            double apiMedian = median(api);
            double baseMedian = median(baseline);
            System.out.printf(Locale.ROOT, "schedule of %,d tasks / %,d dependencies, median of %d rounds after %d "
                    + "warm-up:%n", tasks, deps, rounds, warmup);
            System.out.printf(Locale.ROOT, "  GET /schedule (HTTP, whole request): %8.1f ms  p90 %8.1f ms  (%,d bytes "
                    + "JSON)  target < 200 ms%n", apiMedian, percentile(api, 0.9), bytes);
            System.out.printf(Locale.ROOT, "  baseline: the same two SELECTs (JDBC): %8.1f ms  p90 %8.1f ms%n",
                    baseMedian, percentile(baseline, 0.9));
            System.out.printf(Locale.ROOT, "  ratio: x%.2f of the baseline%n", apiMedian / baseMedian);
        }
        System.exit(0);
    }

    /** What the schedule reads, as plain rows: the baseline. */
    private static int selectBoth(Connection c, UUID tenant, UUID project) throws Exception {
        int rows = 0;
        for (String sql : List.of("""
                select id, key, title, status, status_category, assignee_id, start_date, due_date, estimate_minutes
                from tasks where tenant_id = ? and project_id = ? order by number
                """, """
                select d.id, d.predecessor_id, d.successor_id, d.type, d.lag_days,
                       d.predecessor_project_id <> d.successor_project_id, p.start_date, p.due_date
                from dependencies d
                left join tasks p on p.id = d.predecessor_id and d.predecessor_project_id <> d.successor_project_id
                where d.tenant_id = ? and d.successor_project_id = ?
                """)) {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setObject(1, tenant);
                select.setObject(2, project);
                try (ResultSet rs = select.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            rs.getObject(i);
                        }
                        rows++;
                    }
                }
            }
        }
        c.commit();
        return rows;
    }

    private static void seed(UUID tenant, UUID user, UUID project, int tasks, int deps) throws Exception {
        Random random = new Random(2026);
        try (Connection c = Seeding.asTaskService(tenant)) {
            Seeding.project(c, tenant, project, "BIG", user);
            for (int day = 1; day <= 8; day++) {
                Seeding.calendarDay(c, tenant, LocalDate.of(2026, 10, day), false, "国庆节 National Day");
            }
            Seeding.calendarDay(c, tenant, LocalDate.of(2026, 9, 26), true, "调休");
            Seeding.calendarDay(c, tenant, LocalDate.of(2026, 10, 10), true, "调休");
            List<UUID> ids = new ArrayList<>(tasks);
            LocalDate start = LocalDate.of(2026, 9, 1);
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into tasks (id, tenant_id, project_id, number, key, title, type, status, status_category,
                                       priority, priority_order, reporter_id, start_date, due_date, estimate_minutes,
                                       remaining_minutes, rank, created_at, updated_at, version)
                    values (?, ?, ?, ?, ?, ?, 'TASK', 'TODO', 'TODO', 'MEDIUM', 2, ?, ?, ?, ?, ?, ?, now(), now(), 1)
                    """)) {
                for (int i = 0; i < tasks; i++) {
                    UUID id = UUID.randomUUID();
                    ids.add(id);
                    boolean dated = random.nextInt(4) == 0;
                    LocalDate from = start.plusDays(random.nextInt(200));
                    Long estimate = dated ? null : (long) (60 * (1 + random.nextInt(40)));
                    insert.setObject(1, id);
                    insert.setObject(2, tenant);
                    insert.setObject(3, project);
                    insert.setLong(4, i + 1);
                    insert.setString(5, "BIG-" + (i + 1));
                    insert.setString(6, "任务 task " + (i + 1));
                    insert.setObject(7, user);
                    insert.setObject(8, dated ? from : null);
                    insert.setObject(9, dated ? from.plusDays(random.nextInt(10)) : null);
                    insert.setObject(10, estimate);
                    insert.setObject(11, estimate);
                    insert.setString(12, String.format(Locale.ROOT, "%07d1", i));
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            try (PreparedStatement counter = c.prepareStatement(
                    "insert into task_counters (project_id, tenant_id, last_number) values (?, ?, ?)")) {
                counter.setObject(1, project);
                counter.setObject(2, tenant);
                counter.setLong(3, tasks);
                counter.executeUpdate();
            }
            String[] types = {"FS", "SS", "FF", "SF"};
            java.util.Set<Long> pairs = new java.util.HashSet<>();
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into dependencies (id, tenant_id, predecessor_id, successor_id, predecessor_project_id,
                                              successor_project_id, type, lag_days, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, now())
                    """)) {
                int made = 0;
                while (made < deps) {
                    // edges only from a lower to a higher task number: acyclic by construction
                    int a = random.nextInt(tasks - 1);
                    int b = a + 1 + random.nextInt(Math.min(200, tasks - a - 1));
                    if (!pairs.add((long) a * tasks + b)) {
                        continue;
                    }
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, tenant);
                    insert.setObject(3, ids.get(a));
                    insert.setObject(4, ids.get(b));
                    insert.setObject(5, project);
                    insert.setObject(6, project);
                    insert.setString(7, types[random.nextInt(4)]);
                    insert.setInt(8, random.nextInt(8) - 2);
                    insert.addBatch();
                    if (++made % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            try (var analyze = c.createStatement()) {
                c.setAutoCommit(true);
                analyze.execute("analyze tasks");
                analyze.execute("analyze dependencies");
            } catch (java.sql.SQLException notOwner) {
                // only the owner may analyze; autovacuum will
            }
        }
    }

    static double median(double[] values) {
        return percentile(values, 0.5);
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }
}
