package dev.gantry.deploy.observability;

import dev.gantry.deploy.Tool;
import static dev.gantry.deploy.observability.PrometheusRulesTest.load;
import static dev.gantry.deploy.observability.PrometheusRulesTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose runs Prometheus and Grafana on deploy/observability: the mounts put each file where the
 * configuration that reads it expects it, and every host Prometheus and Grafana talk to is a compose service.
 */
class ComposeObservabilityTest {

    @Test
    void prometheusAndGrafanaGetTheirConfigurationFromDeployObservability() {
        Map<String, Object> services = composeServices();
        Path root = Tool.root();

        assertThat(mounts(services, "prometheus"))
                .containsEntry("/etc/prometheus", root.resolve("deploy/observability/prometheus").toString());

        Map<String, String> grafana = mounts(services, "grafana");
        assertThat(grafana)
                .containsEntry("/etc/grafana/provisioning/datasources",
                        root.resolve("deploy/observability/grafana/provisioning/datasources").toString())
                .containsEntry("/etc/grafana/provisioning/dashboards",
                        root.resolve("deploy/observability/grafana/provisioning/dashboards").toString());
        // The dashboard provider reads the folder the dashboards are mounted at.
        Map<String, Object> provider = map(((List<?>) load(
                "deploy/observability/grafana/provisioning/dashboards/gantry.yml").get("providers")).get(0));
        String dashboardsPath = (String) map(provider.get("options")).get("path");
        assertThat(grafana).containsEntry(dashboardsPath,
                root.resolve("deploy/observability/grafana/dashboards").toString());
        // The home dashboard is one of them.
        String home = (String) map(map(services.get("grafana")).get("environment"))
                .get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith(dashboardsPath + "/");
        assertThat(root.resolve("deploy/observability/grafana/dashboards").resolve(home.substring(dashboardsPath.length() + 1)))
                .isRegularFile();

        assertThat(mounts(services, "blackbox-exporter")).containsEntry("/etc/blackbox_exporter/config.yml",
                root.resolve("deploy/observability/blackbox/blackbox.yml").toString());
    }

    @Test
    void everyHostPrometheusAndGrafanaReachIsAComposeService() {
        Map<String, Object> services = composeServices();
        Map<String, Object> config = load("deploy/observability/prometheus/prometheus.yml");
        for (Object job : (List<?>) config.get("scrape_configs")) {
            for (String target : PrometheusRulesTest.targets(map(job))) {
                if (target.startsWith("https://") || target.startsWith("localhost:")) {
                    continue; // probed through the blackbox exporter, or Prometheus itself
                }
                assertThat(services).as("compose service for target %s", target).containsKey(host(target));
            }
            for (Object relabel : (List<?>) map(job).getOrDefault("relabel_configs", List.of())) {
                if ("__address__".equals(map(relabel).get("target_label"))) {
                    assertThat(services).as("compose service for the prober of job %s", map(job).get("job_name"))
                            .containsKey(host((String) map(relabel).get("replacement")));
                }
            }
        }
        Map<String, Object> datasource = map(((List<?>) load(
                "deploy/observability/grafana/provisioning/datasources/prometheus.yml").get("datasources")).get(0));
        assertThat((String) datasource.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(services).containsKey("prometheus");
    }

    private static String host(String address) {
        return address.substring(0, address.indexOf(':'));
    }

    /** Container path → host path of a service's bind mounts, as docker-compose resolves them. */
    private static Map<String, String> mounts(Map<String, Object> services, String service) {
        assertThat(services).containsKey(service);
        Map<String, String> mounts = new HashMap<>();
        for (Object volume : (List<?>) map(services.get(service)).getOrDefault("volumes", List.of())) {
            String[] parts = ((String) volume).split(":");
            if (parts.length >= 2 && parts[0].startsWith("/")) {
                mounts.put(parts[1], parts[0]);
            }
        }
        return mounts;
    }

    private static Map<String, Object> composeServices() {
        Tool.Result config = Tool.run(Duration.ofSeconds(60), "docker-compose", "-f", "docker-compose.yml",
                "--env-file", "deploy/compose/.env.example", "config")
                .requireSuccess("docker-compose config with deploy/compose/.env.example");
        return map(map(new Yaml().load(config.stdout())).get("services"));
    }
}
