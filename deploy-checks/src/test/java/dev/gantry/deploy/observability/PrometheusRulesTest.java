package dev.gantry.deploy.observability;

import dev.gantry.deploy.Tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Prometheus' configuration and Gantry's alert rules, checked by promtool itself (config, rules, and the rules'
 * unit tests), plus what promtool does not check: every alert is routable and explained, and tested both firing and
 * quiet.
 */
class PrometheusRulesTest {

    private static final String CONFIG = "deploy/observability/prometheus/prometheus.yml";
    private static final String RULES = "deploy/observability/prometheus/rules/gantry-alerts.yml";
    private static final String RULE_TESTS = "deploy/observability/prometheus/rules/gantry-alerts.test.yml";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Each service's job and where its metrics are: the gateway's on its management port. */
    private static final Map<String, String> SERVICE_TARGETS = Map.of(
            "gateway-service", "gateway-service:8090",
            "user-service", "user-service:8081",
            "project-service", "project-service:8082",
            "task-service", "task-service:8083",
            "notification-service", "notification-service:8084",
            "search-service", "search-service:8085");

    @Test
    void configurationIsValid() {
        Tool.Result result = Tool.run(TIMEOUT, "promtool", "check", "config", CONFIG)
                .requireSuccess("promtool check config " + CONFIG);
        assertThat(result.output()).as("promtool also loaded the rule file").contains("gantry-alerts.yml");
    }

    @Test
    void rulesAreValid() {
        Tool.run(TIMEOUT, "promtool", "check", "rules", RULES).requireSuccess("promtool check rules " + RULES);
    }

    @Test
    void rulesPassTheirUnitTests() {
        Tool.run(TIMEOUT, "promtool", "test", "rules", RULE_TESTS)
                .requireSuccess("promtool test rules " + RULE_TESTS);
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndRunbook() {
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
        for (Map<String, Object> alert : alerts) {
            Object name = alert.get("alert");
            assertThat(map(alert.get("labels")).get("severity")).as("severity of %s", name).isIn("critical", "warning");
            Map<String, Object> annotations = map(alert.get("annotations"));
            assertThat((String) annotations.get("summary")).as("summary of %s", name).isNotBlank();
            assertThat((String) annotations.get("description")).as("description of %s", name).isNotBlank();
            assertThat((String) annotations.get("runbook_url")).as("runbook_url of %s", name)
                    .matches("docs/operations\\.md#[a-z0-9]+(-[a-z0-9]+)*");
        }
    }

    @Test
    void everyAlertIsTestedFiringAndNotFiring() {
        Set<String> alertNames = new HashSet<>();
        alerts().forEach(alert -> assertThat(alertNames.add((String) alert.get("alert")))
                .as("alert %s is defined once", alert.get("alert")).isTrue());
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Object testCase : (List<?>) load(RULE_TESTS).get("tests")) {
            for (Object check : (List<?>) map(testCase).getOrDefault("alert_rule_test", List.of())) {
                String name = (String) map(check).get("alertname");
                assertThat(alertNames).as("alert tested in %s", RULE_TESTS).contains(name);
                List<?> expected = (List<?>) map(check).get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : fires).add(name);
            }
        }
        assertThat(fires).as("alerts with a test where they fire").containsAll(alertNames);
        assertThat(quiet).as("alerts with a test where they do not fire").containsAll(alertNames);
    }

    @Test
    void scrapesEveryServiceTheExportersAndLoadsTheRules() {
        Map<String, Object> config = load(CONFIG);
        assertThat(config.get("rule_files")).isEqualTo(List.of("rules/gantry-alerts.yml"));
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : (List<?>) config.get("scrape_configs")) {
            jobs.put((String) map(job).get("job_name"), map(job));
        }
        SERVICE_TARGETS.forEach((service, target) -> {
            assertThat(jobs).as("jobs").containsKey(service);
            assertThat(jobs.get(service).get("metrics_path")).as("metrics path of %s", service)
                    .isEqualTo("/actuator/prometheus");
            assertThat(targets(jobs.get(service))).as("targets of %s", service).containsExactly(target);
        });
        assertThat(jobs.get("blackbox-ingress")).as("job blackbox-ingress").isNotNull();
        assertThat(jobs.get("blackbox-ingress").get("metrics_path")).isEqualTo("/probe");
        assertThat(targets(jobs.get("blackbox-ingress"))).isNotEmpty().allMatch(t -> t.startsWith("https://"));
        assertThat(jobs.get("node")).as("job node").isNotNull();
    }

    static List<String> targets(Map<String, Object> job) {
        List<String> targets = new ArrayList<>();
        for (Object staticConfig : (List<?>) job.getOrDefault("static_configs", List.of())) {
            for (Object target : (List<?>) map(staticConfig).get("targets")) {
                targets.add((String) target);
            }
        }
        return targets;
    }

    private static List<Map<String, Object>> alerts() {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Object group : (List<?>) load(RULES).get("groups")) {
            for (Object rule : (List<?>) map(group).get("rules")) {
                if (map(rule).containsKey("alert")) {
                    alerts.add(map(rule));
                }
            }
        }
        return alerts;
    }

    static Map<String, Object> load(String file) {
        Path path = Tool.root().resolve(file);
        try (Reader reader = Files.newBufferedReader(path)) {
            return new Yaml().load(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + path, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
