package dev.gantry.deploy.observability;

import dev.gantry.deploy.Tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards of deploy/observability/grafana/dashboards: valid JSON with unique uids and titles, every
 * panel querying the provisioned Prometheus data source, valid PromQL, and only metrics that exist (so a typo in a
 * metric name fails here instead of showing "No data").
 */
class GrafanaDashboardsTest {

    private static final Path DASHBOARDS = Path.of("deploy/observability/grafana/dashboards");
    private static final Path DATASOURCES = Path.of("deploy/observability/grafana/provisioning/datasources/prometheus.yml");

    private static final String OVERVIEW = "Gantry platform overview";
    private static final String SERVICE = "Gantry service";
    private static final String BUSINESS = "Gantry business";

    /**
     * What the services expose today (Micrometer's Prometheus names, checked against the libraries the build
     * resolves), plus {@code up}, which Prometheus records for every scrape target.
     */
    static final Set<String> EXISTING_METRICS = Set.of(
            "up",
            // Spring Boot: http.server.requests (buckets need management.metrics.distribution.percentiles-histogram)
            "http_server_requests_seconds_count", "http_server_requests_seconds_sum",
            "http_server_requests_seconds_max", "http_server_requests_seconds_bucket",
            // Spring Cloud Gateway 5.0 GatewayMetricsFilter: spring.cloud.gateway.requests, tags routeId, routeUri,
            // outcome, status, httpStatusCode, httpMethod
            "spring_cloud_gateway_requests_seconds_count", "spring_cloud_gateway_requests_seconds_sum",
            "spring_cloud_gateway_requests_seconds_max", "spring_cloud_gateway_requests_seconds_bucket",
            // Micrometer JVM and process binders
            "jvm_memory_used_bytes", "jvm_memory_committed_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds_count", "jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max",
            "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds",
            // HikariCP's Micrometer tracker
            "hikaricp_connections_active", "hikaricp_connections_idle", "hikaricp_connections_pending",
            "hikaricp_connections_max", "hikaricp_connections_timeout_total",
            "hikaricp_connections_acquire_seconds_count", "hikaricp_connections_acquire_seconds_sum",
            "hikaricp_connections_acquire_seconds_max",
            // Kafka consumer client metrics
            "kafka_consumer_fetch_manager_records_lag_max",
            // Gantry's event backbone (docs/architecture.md, "Event backbone")
            "gantry_events_written_total", "gantry_events_published_total", "gantry_outbox_lag_seconds",
            "gantry_outbox_pending", "gantry_events_consumed_total", "gantry_events_dead_lettered_total",
            "gantry_events_dead_letters");

    /** The business metrics later issues add; the business dashboard uses exactly these. */
    static final Set<String> FUTURE_BUSINESS_METRICS = Set.of("gantry_tasks_created_total", "gantry_releases",
            "gantry_approvals_waiting", "gantry_approvals_waiting_age_seconds", "gantry_notifications_failed_total");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyDashboardParsesWithItsOwnUidAndTitle() {
        Map<String, JsonNode> dashboards = dashboards();
        assertThat(dashboards).as("dashboard files in %s", DASHBOARDS).hasSizeGreaterThanOrEqualTo(3);
        Map<String, String> uids = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        dashboards.forEach((file, dashboard) -> {
            String uid = dashboard.path("uid").asString("");
            String title = dashboard.path("title").asString("");
            assertThat(uid).as("uid of %s", file).matches("[A-Za-z0-9_-]{1,40}");
            assertThat(title).as("title of %s", file).isNotBlank();
            assertThat(dashboard.path("schemaVersion").asInt(0)).as("schemaVersion of %s", file)
                    .isGreaterThanOrEqualTo(39);
            assertThat(dashboard.path("panels").isArray()).as("panels of %s", file).isTrue();
            assertThat(uids.put(uid, file)).as("uid %s of %s is also the uid of", uid, file).isNull();
            assertThat(titles.put(title, file)).as("title %s of %s is also the title of", title, file).isNull();
        });
        assertThat(titles).containsKeys(OVERVIEW, SERVICE, BUSINESS);
    }

    @Test
    void everyPanelAndVariableQueriesTheProvisionedPrometheus() {
        String uid = provisionedPrometheusUid();
        dashboards().forEach((file, dashboard) -> {
            List<JsonNode> panels = panels(dashboard);
            assertThat(panels).as("panels of %s", file).isNotEmpty();
            for (JsonNode panel : panels) {
                String where = file + ", panel \"" + panel.path("title").asString("") + "\"";
                assertThat(panel.path("datasource").path("uid").asString("")).as("data source of %s", where)
                        .isEqualTo(uid);
                JsonNode targets = panel.path("targets");
                assertThat(targets.isArray() && !targets.isEmpty()).as("%s has targets", where).isTrue();
                for (JsonNode target : targets) {
                    assertThat(target.path("datasource").path("uid").asString("")).as("target data source of %s", where)
                            .isEqualTo(uid);
                    assertThat(target.path("expr").asString("")).as("expression of %s", where).isNotBlank();
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asString(""))) {
                    assertThat(variable.path("datasource").path("uid").asString(""))
                            .as("data source of variable %s in %s", variable.path("name").asString(""), file)
                            .isEqualTo(uid);
                }
            }
        });
    }

    @Test
    void overviewAndServiceDashboardsUseOnlyMetricsThatExist() {
        for (String title : List.of(OVERVIEW, SERVICE)) {
            Map<String, Set<String>> used = metricsByQuery(dashboardTitled(title));
            assertThat(used).as("queries of %s", title).isNotEmpty();
            used.forEach((query, metrics) -> {
                assertThat(metrics).as("metrics of \"%s\" in %s", query, title).isNotEmpty();
                assertThat(EXISTING_METRICS).as("metrics of \"%s\" in %s must exist", query, title)
                        .containsAll(metrics);
            });
        }
    }

    @Test
    void businessDashboardUsesExactlyTheFutureBusinessMetricsAndSaysWhereEachComesFrom() {
        JsonNode business = dashboardTitled(BUSINESS);
        Set<String> used = new TreeSet<>();
        metricsByQuery(business).values().forEach(used::addAll);
        assertThat(used).isEqualTo(new TreeSet<>(FUTURE_BUSINESS_METRICS));
        String description = business.path("description").asString("");
        assertThat(description).contains("issue");
        for (String metric : FUTURE_BUSINESS_METRICS) {
            assertThat(description).as("the description names the issue providing %s", metric)
                    .containsPattern("(?<![a-z_])" + metric + "(?![a-z_])");
        }
    }

    @Test
    void everyQueryIsValidPromQl(@TempDir Path scratch) throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        dashboards().forEach((file, dashboard) -> panels(dashboard).forEach(panel -> panel.path("targets")
                .forEach(target -> rules.add(Map.of(
                        "record", "dashboard:query_" + (rules.size() + 1),
                        "expr", PromQl.withSampleVariables(target.path("expr").asString(""))
                                .replace("\n", " "),
                        "labels", Map.of("dashboard", file, "panel", panel.path("title").asString("")))))));
        assertThat(rules).isNotEmpty();
        Path file = scratch.resolve("dashboard-queries.yml");
        Files.writeString(file, new Yaml().dump(
                Map.of("groups", List.of(Map.of("name", "dashboard-queries", "rules", rules)))));
        Tool.run(Duration.ofSeconds(60), "promtool", "check", "rules", file.toString())
                .requireSuccess("promtool check rules on every dashboard query");
    }

    @Test
    void metricNamesAreFoundInEveryPartOfAQueryAndNowhereElse() {
        assertThat(PromQl.metricNames("""
                sum by (service, le) (rate(http_server_requests_seconds_bucket{service="$service", uri=~"/a|b"}[$__rate_interval]))
                  / on (service) group_left sum without (instance) (jvm_memroy_used_bytes offset 5m)
                  > 0.99 and up == 0 or histogram_quantile(0.99, x_bucket[5m:1m]) * 1e3 > bool Inf"""))
                .containsExactly("http_server_requests_seconds_bucket", "jvm_memroy_used_bytes", "up", "x_bucket");
        assertThat(PromQl.metricNames("count(up == 0) or vector(0)")).containsExactly("up");
        assertThat(PromQl.variableQueryMetricNames("label_values(process_uptime_seconds{service=\"$service\"}, instance)"))
                .containsExactly("process_uptime_seconds");
        assertThatThrownBy(() -> PromQl.metricNames("sum(rat(up[5m]))")).hasMessageContaining("rat");
        assertThatThrownBy(() -> PromQl.metricNames("{__name__=~\"jvm_.*\"}")).hasMessageContaining("__name__");
        assertThat(EXISTING_METRICS).doesNotContain("jvm_memroy_used_bytes");
    }

    /** Every query of a dashboard (panel targets and variable queries) with the metric names it selects. */
    private static Map<String, Set<String>> metricsByQuery(JsonNode dashboard) {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                metrics.put(expr, PromQl.metricNames(expr));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString(""))) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString("") : query.asString("");
                metrics.put(text, PromQl.variableQueryMetricNames(text));
            }
        }
        return metrics;
    }

    /** The panels that show data: every panel except rows, including those inside collapsed rows. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asString(""))) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    private static JsonNode dashboardTitled(String title) {
        return dashboards().values().stream().filter(d -> title.equals(d.path("title").asString(""))).findFirst()
                .orElseThrow(() -> new AssertionError("no dashboard titled " + title + " in " + DASHBOARDS));
    }

    private static Map<String, JsonNode> dashboards() {
        Path folder = Tool.root().resolve(DASHBOARDS);
        Map<String, JsonNode> dashboards = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                assertThat(dashboard.isObject()).as("%s is a JSON object", file).isTrue();
                dashboards.put(file.getFileName().toString(), dashboard);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + folder, e);
        }
        return dashboards;
    }

    /** The uid of the one Prometheus data source Grafana is provisioned with. */
    static String provisionedPrometheusUid() {
        try (Reader reader = Files.newBufferedReader(Tool.root().resolve(DATASOURCES))) {
            Map<String, Object> provisioning = new Yaml().load(reader);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sources = (List<Map<String, Object>>) provisioning.get("datasources");
            List<Map<String, Object>> prometheus =
                    sources.stream().filter(s -> "prometheus".equals(s.get("type"))).toList();
            assertThat(prometheus).as("Prometheus data sources in %s", DATASOURCES).hasSize(1);
            Object uid = prometheus.get(0).get("uid");
            assertThat(uid).as("uid of the Prometheus data source").isInstanceOf(String.class);
            assertThat((String) uid).isNotBlank();
            return (String) uid;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + DATASOURCES, e);
        }
    }
}
