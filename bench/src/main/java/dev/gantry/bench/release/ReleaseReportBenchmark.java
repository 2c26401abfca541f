package dev.gantry.bench.release;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.project.ProjectApplication;
import dev.gantry.test.GantryInfrastructure;
import dev.gantry.test.GantryInfrastructureInitializer;

/**
 * What a large release's timeline and retrospective cost: project-service runs in this JVM against real PostgreSQL,
 * Redis and Kafka (test-support's infrastructure: the servers named in the environment, else embedded ones), a release
 * is driven through its API to 500 completed checklist items and 50 approvals (5 stages of 100 items, each signed off
 * by 10 named approvers, ALL_OF), then each document is fetched over HTTP repeatedly: the whole timeline (all pages),
 * the retrospective as JSON, as PDF and as Markdown. The baseline, measured in the same rounds, is a plain SELECT of
 * the same rows (stages, items, sign-off rounds, approvals, timeline) as the service's role in a tenant transaction:
 * the ratio says what the service adds on top of reading its data. Prints medians; never fails on a timing.
 *
 * <p>Settings (system properties): {@code bench.rounds} (measured, default 15), {@code bench.warmup} (default 5).
 */
public final class ReleaseReportBenchmark {

    static final int STAGES = 5;
    static final int ITEMS_PER_STAGE = 100;
    static final int APPROVERS = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base;
    private final GantryInfrastructure infra;

    private ReleaseReportBenchmark(String base, GantryInfrastructure infra) {
        this.base = base;
        this.infra = infra;
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 15);
        int warmup = Integer.getInteger("bench.warmup", 5);
        GantryInfrastructure infra = GantryInfrastructure.get();
        SpringApplication application = new SpringApplication(ProjectApplication.class);
        application.addInitializers(new GantryInfrastructureInitializer());
        try (ConfigurableApplicationContext context = application.run("--server.port=0",
                "--logging.level.root=WARN", "--spring.main.banner-mode=off")) {
            String port = context.getEnvironment().getProperty("local.server.port");
            ReleaseReportBenchmark bench = new ReleaseReportBenchmark("http://127.0.0.1:" + port, infra);
            bench.run(context, rounds, warmup);
        }
        System.exit(0);
    }

    private void run(ConfigurableApplicationContext context, int rounds, int warmup) throws Exception {
        UUID tenant = UUID.randomUUID();
        UUID managerId = UUID.randomUUID();
        String manager = token(managerId, tenant, "ADMIN");
        long seedStart = System.nanoTime();
        String releaseId = seed(tenant, manager);
        System.out.printf(Locale.ROOT, "seeded: release %s, %d checklist items, %d approvals in %.1f s%n", releaseId,
                STAGES * ITEMS_PER_STAGE, STAGES * APPROVERS, (System.nanoTime() - seedStart) / 1e9);

        JdbcClient jdbc = context.getBean(JdbcClient.class);
        TransactionTemplate transactions = new TransactionTemplate(
                context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
        transactions.setReadOnly(true);
        UUID release = UUID.fromString(releaseId);

        List<Measure> measures = List.of(
                new Measure("baseline: plain SELECT of the rows", () -> {
                    int rows = TenantContext.callAs(tenant, () -> transactions.execute(s -> selectAll(jdbc, release)));
                    return rows;
                }),
                new Measure("timeline JSON (all pages)", () -> timelineEntries(releaseId, manager)),
                new Measure("retrospective JSON", () -> get("/api/v1/releases/" + releaseId + "/retrospective",
                        manager).length),
                new Measure("retrospective PDF", () -> get("/api/v1/releases/" + releaseId + "/retrospective.pdf",
                        manager).length),
                new Measure("retrospective Markdown", () -> get("/api/v1/releases/" + releaseId
                        + "/retrospective.md", manager).length));
        for (int round = 0; round < warmup + rounds; round++) {
            for (Measure measure : measures) {
                measure.once(round >= warmup);
            }
        }
        double baseline = measures.getFirst().median();
        System.out.printf(Locale.ROOT, "release report (%d items, %d approvals, %d timeline entries), median of %d "
                        + "rounds after %d warm-up, in ms:%n", STAGES * ITEMS_PER_STAGE, STAGES * APPROVERS,
                timelineEntries(releaseId, manager), rounds, warmup);
        for (Measure measure : measures) {
            System.out.printf(Locale.ROOT, "  %-36s %8.1f ms  p90 %8.1f ms  x%.1f of baseline  (%s)%n",
                    measure.name + ":", measure.median(), measure.p90(), measure.median() / baseline,
                    measure.lastSize());
        }
    }

    /** What the service reads for the timeline and the report, as plain rows: the baseline. */
    private static int selectAll(JdbcClient jdbc, UUID release) {
        int rows = 0;
        for (String table : List.of("release_stages", "checklist_items", "approval_requests", "approvals",
                "release_timeline", "release_incidents")) {
            rows += jdbc.sql("select * from " + table + " where release_id = :id").param("id", release)
                    .query((rs, n) -> {
                        int columns = rs.getMetaData().getColumnCount();
                        for (int c = 1; c <= columns; c++) {
                            rs.getObject(c);
                        }
                        return n;
                    }).list().size();
        }
        return rows;
    }

    private int timelineEntries(String releaseId, String token) {
        int entries = 0;
        String cursor = null;
        do {
            JsonNode page = json.readTree(get("/api/v1/releases/" + releaseId + "/timeline?limit=200"
                    + (cursor == null ? "" : "&cursor=" + cursor), token));
            entries += page.get("items").size();
            JsonNode next = page.get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
        } while (cursor != null);
        return entries;
    }

    // --- seeding through the API, as people would

    private String seed(UUID tenant, String manager) {
        JsonNode project = send("POST", "/api/v1/projects", manager, null,
                "{\"key\":\"BEN\",\"name\":\"基准 Benchmark\"}");
        String projectId = project.get("id").asString();
        List<UUID> approvers = new ArrayList<>();
        List<String> approverTokens = new ArrayList<>();
        for (int i = 0; i < APPROVERS; i++) {
            UUID approver = UUID.randomUUID();
            approvers.add(approver);
            approverTokens.add(token(approver, tenant, "MEMBER"));
            send("POST", "/api/v1/projects/" + projectId + "/members", manager, null,
                    "{\"userId\":\"" + approver + "\",\"role\":\"MEMBER\",\"duties\":[\"QA\"]}");
        }
        UUID devId = UUID.randomUUID();
        String dev = token(devId, tenant, "MEMBER");
        send("POST", "/api/v1/projects/" + projectId + "/members", manager, null,
                "{\"userId\":\"" + devId + "\",\"role\":\"MEMBER\",\"duties\":[\"DEV\"]}");

        StringBuilder stages = new StringBuilder();
        String approverList = String.join(",", approvers.stream().map(a -> "{\"userId\":\"" + a + "\"}").toList());
        for (int s = 0; s < STAGES; s++) {
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < ITEMS_PER_STAGE; i++) {
                items.append(i == 0 ? "" : ",").append("{\"title\":\"检查项 Check ").append(s).append('.').append(i)
                        .append("\",\"mandatory\":true,\"evidence\":\"NOTE\"}");
            }
            stages.append(s == 0 ? "" : ",").append("{\"key\":\"s").append(s).append("\",\"name\":\"阶段 Stage ")
                    .append(s).append("\",\"ownerRole\":\"MEMBER\",\"checklist\":[").append(items)
                    .append("],\"approval\":{\"mode\":\"ALL_OF\",\"approvers\":[").append(approverList).append("]}}");
        }
        JsonNode template = send("POST", "/api/v1/process-templates", manager, null,
                "{\"name\":\"Benchmark\",\"definition\":{\"stages\":[" + stages + "]}}");
        JsonNode release = send("POST", "/api/v1/projects/" + projectId + "/releases", manager, null,
                "{\"name\":\"基准发布\",\"version\":\"1.0.0\",\"templateId\":\"" + template.get("id").asString() + "\"}");
        String releaseId = release.get("id").asString();
        for (int s = 0; s < STAGES; s++) {
            JsonNode stage = release.get("stages").get(s);
            for (JsonNode item : stage.get("checklist")) {
                send("PATCH", "/api/v1/releases/" + releaseId + "/checklist-items/" + item.get("id").asString(), dev,
                        "\"" + item.get("version").asLong() + "\"",
                        "{\"done\":true,\"note\":\"已验证 verified by the benchmark\"}");
            }
            String stageId = stage.get("id").asString();
            send("POST", "/api/v1/releases/" + releaseId + "/stages/" + stageId + "/approval-requests", dev,
                    etag(releaseId, manager), null);
            for (String approver : approverTokens) {
                release = send("POST", "/api/v1/releases/" + releaseId + "/stages/" + stageId + "/decisions",
                        approver, null, "{\"decision\":\"APPROVE\",\"comment\":\"同意 approved\"}");
            }
            if (s < STAGES - 1) {
                release = send("POST", "/api/v1/releases/" + releaseId + "/advance", manager,
                        etag(releaseId, manager), null);
            }
        }
        if (!"COMPLETED".equals(release.get("status").asString())) {
            throw new IllegalStateException("the benchmark release did not complete: " + release.get("status"));
        }
        return releaseId;
    }

    private String etag(String releaseId, String token) {
        return "\"" + json.readTree(get("/api/v1/releases/" + releaseId, token)).get("revision").asLong() + "\"";
    }

    private String token(UUID user, UUID tenant, String role) {
        return infra.tokens().accessToken(user, tenant, List.of(role), Duration.ofHours(2));
    }

    private byte[] get(String path, String token) {
        return exchange("GET", path, token, null, null);
    }

    private JsonNode send(String method, String path, String token, String ifMatch, String body) {
        return json.readTree(exchange(method, path, token, ifMatch, body));
    }

    private byte[] exchange(String method, String path, String token, String ifMatch, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One thing measured: its times in ms over the measured rounds, and the size of its last answer. */
    private static final class Measure {
        final String name;
        final Supplier<Integer> action;
        final List<Double> millis = new ArrayList<>();
        int size;

        Measure(String name, Supplier<Integer> action) {
            this.name = name;
            this.action = action;
        }

        void once(boolean record) {
            long start = System.nanoTime();
            size = action.get();
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (record) {
                millis.add(elapsed);
            }
        }

        double median() {
            return percentile(50);
        }

        double p90() {
            return percentile(90);
        }

        private double percentile(double p) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
            Arrays.sort(sorted);
            if (p == 50) {
                int n = sorted.length;
                return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
        }

        String lastSize() {
            return name.startsWith("baseline") ? size + " rows" : name.startsWith("timeline") ? size + " entries"
                    : String.format(Locale.ROOT, "%,d bytes", size);
        }
    }
}
