package dev.gantry.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.gantry.infra.RepoLayout;

/**
 * What the backup CronJob promises (deploy/k8s/base/backup-cronjob.yaml): weekly, never two at once, non-root within
 * the restricted Pod Security Standard, bounded resources, the server's own tool version, credentials only from the
 * Secret gantry-db-admin, and the very scripts of deploy/backup through the ConfigMap gantry-backup-scripts.
 */
class BackupCronJobTest {

    private static final Path ROOT = RepoLayout.locate().root();

    @Test
    @SuppressWarnings("unchecked")
    void theWeeklyBackupRunsTheRepositoryScriptsSafely() throws IOException {
        Map<String, Object> cronJob = yaml(ROOT.resolve("deploy/k8s/base/backup-cronjob.yaml"));
        assertThat(cronJob).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "CronJob");
        Map<String, Object> spec = map(cronJob, "spec");
        assertThat(spec).containsEntry("concurrencyPolicy", "Forbid");
        String[] schedule = ((String) spec.get("schedule")).split(" ");
        assertThat(schedule).as("minute hour day month weekday").hasSize(5);
        assertThat(schedule[2]).isEqualTo("*");
        assertThat(schedule[4]).as("one day of the week").matches("[0-6]");

        Map<String, Object> pod = map(map(map(map(spec, "jobTemplate"), "spec"), "template"), "spec");
        Map<String, Object> podSecurity = map(pod, "securityContext");
        assertThat(podSecurity).containsEntry("runAsNonRoot", true);
        assertThat((Integer) podSecurity.get("runAsUser")).isPositive();
        assertThat(map(podSecurity, "seccompProfile")).containsEntry("type", "RuntimeDefault");

        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> container = containers.get(0);
        assertThat(container.get("image")).as("the server's major version").isEqualTo("postgres:17");
        assertThat((List<String>) container.get("command")).contains("/scripts/full-backup.sh");
        Map<String, Object> resources = map(container, "resources");
        assertThat(map(resources, "requests")).containsKeys("cpu", "memory");
        assertThat(map(resources, "limits")).containsKey("memory");
        Map<String, Object> containerSecurity = map(container, "securityContext");
        assertThat(containerSecurity).containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("readOnlyRootFilesystem", true);
        assertThat((List<String>) map(containerSecurity, "capabilities").get("drop")).containsExactly("ALL");

        List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
        for (String variable : List.of("PGUSER", "PGPASSWORD")) {
            Map<String, Object> entry = env.stream().filter(e -> variable.equals(e.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(variable + " is not set"));
            assertThat(entry).as(variable + " comes from a Secret, never a literal").doesNotContainKey("value");
            assertThat(map(map(entry, "valueFrom"), "secretKeyRef")).containsEntry("name", "gantry-db-admin");
        }

        List<Map<String, Object>> volumes = (List<Map<String, Object>>) pod.get("volumes");
        Map<String, Object> scripts = volumes.stream().filter(v -> v.containsKey("configMap")).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap volume"));
        assertThat(map(scripts, "configMap")).containsEntry("name", "gantry-backup-scripts");
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
        assertThat(mounts).anySatisfy(mount -> assertThat(mount).containsEntry("name", scripts.get("name"))
                .containsEntry("mountPath", "/scripts"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScriptsConfigMapHoldsExactlyTheThreeScripts() throws IOException {
        Map<String, Object> kustomization = yaml(ROOT.resolve("deploy/backup/kustomization.yaml"));
        List<Map<String, Object>> generators = (List<Map<String, Object>>) kustomization.get("configMapGenerator");
        assertThat(generators).hasSize(1);
        assertThat(generators.get(0)).containsEntry("name", "gantry-backup-scripts");
        assertThat((List<String>) generators.get(0).get("files")).containsExactlyInAnyOrderElementsOf(Scripts.NAMES);
        for (String name : Scripts.NAMES) {
            String script = Files.readString(Scripts.source(name));
            assertThat(script).as(name).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
