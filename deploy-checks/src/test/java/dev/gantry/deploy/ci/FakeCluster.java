package dev.gantry.deploy.ci;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gantry.deploy.Tool;

/**
 * Runs the script of a pipeline job, as gitlab-ci-local expanded it, the way a GitLab runner's bash does (every line
 * in one shell, {@code set -eo pipefail}), against fake {@code kubectl}, {@code kustomize}, {@code curl} and
 * {@code sleep} that record every call and answer from a cluster state the test sets up. The working directory is the
 * repository (the job's {@code $CI_PROJECT_DIR}): the fakes change no file, and {@code kubectl apply -k DIR} fails
 * unless DIR holds a kustomization. The real tools are never reached: the fakes come first on PATH, and KUBECONFIG
 * points nowhere.
 */
final class FakeCluster {

    /** The cluster's answers and failures are files in {@code state}; the calls are appended to {@code calls}. */
    private static final String KUBECTL = """
            #!/usr/bin/env bash
            call="$*"
            echo "kubectl $call" >> "$FAKE_STATE/calls"
            if [ -f "$FAKE_STATE/fail" ]; then
              while IFS= read -r pattern; do
                case "$call" in *"$pattern"*) echo "fake kubectl: $call failed" >&2; exit 1 ;; esac
              done < "$FAKE_STATE/fail"
            fi
            deployment=""
            previous=""
            for argument in "$@"; do
              if [ "$previous" = deployment ]; then deployment="$argument"; fi
              previous="$argument"
            done
            case "$call" in
              "apply -k "*)
                dir="${call#apply -k }"
                [ -f "$dir/kustomization.yaml" ] || { echo "fake kubectl: no kustomization in $dir" >&2; exit 1; }
                if [ "$dir" = deploy/k8s/overlays/prod ]; then
                  for name in $(cat "$FAKE_STATE/changed-by-prod" 2>/dev/null); do
                    echo $(( $(cat "$FAKE_STATE/revision-$name" 2>/dev/null || echo 0) + 1 )) > "$FAKE_STATE/revision-$name"
                  done
                fi ;;
              *" get pods -l track=canary "*) cat "$FAKE_STATE/canary-pods" 2>/dev/null || true ;;
              *" get deployment "*revision*) cat "$FAKE_STATE/revision-$deployment" 2>/dev/null || true ;;
            esac
            exit 0
            """;
    private static final String KUSTOMIZE = """
            #!/usr/bin/env bash
            echo "kustomize $* (in ${PWD#"$CI_PROJECT_DIR"/})" >> "$FAKE_STATE/calls"
            """;
    private static final String CURL = """
            #!/usr/bin/env bash
            echo "curl $*" >> "$FAKE_STATE/calls"
            [ -f "$FAKE_STATE/prometheus" ] || { echo "curl: (7) Failed to connect" >&2; exit 7; }
            cat "$FAKE_STATE/prometheus"
            """;
    private static final String SLEEP = """
            #!/usr/bin/env bash
            echo "sleep $*" >> "$FAKE_STATE/calls"
            """;

    /** The GitLab variables the deploy scripts read; the job's own variables come from the pipeline. */
    static final String REGISTRY_IMAGE = "registry.gitlab.example.com/gantry/gantry";
    static final String SHORT_SHA = "0123abcd";

    private final Path bin;
    private final Path state;

    FakeCluster(Path dir) {
        try {
            bin = Files.createDirectories(dir.resolve("bin"));
            state = Files.createDirectories(dir.resolve("state"));
            for (Map.Entry<String, String> fake : Map.of("kubectl", KUBECTL, "kustomize", KUSTOMIZE, "curl", CURL,
                    "sleep", SLEEP).entrySet()) {
                Path file = Files.writeString(bin.resolve(fake.getKey()), fake.getValue());
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code kubectl get pods -l track=canary -o jsonpath=...} prints, one line per pod. */
    FakeCluster canaryPods(List<String> lines) {
        return write("canary-pods", String.join("\n", lines) + "\n");
    }

    /** A Deployment's revision (annotation {@code deployment.kubernetes.io/revision}). */
    FakeCluster revision(String deployment, int revision) {
        return write("revision-" + deployment, revision + "\n");
    }

    /** The Deployments whose revision {@code kubectl apply -k deploy/k8s/overlays/prod} raises by one. */
    FakeCluster changedByProdOverlay(List<String> deployments) {
        return write("changed-by-prod", String.join(" ", deployments) + "\n");
    }

    /** Every kubectl call whose arguments contain {@code arguments} fails (exit 1). */
    FakeCluster failing(String arguments) {
        try {
            Files.writeString(state.resolve("fail"), arguments + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Prometheus answers to a query; without it, curl cannot connect. */
    FakeCluster prometheus(String answer) {
        return write("prometheus", answer);
    }

    private FakeCluster write(String file, String content) {
        try {
            Files.writeString(state.resolve(file), content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the script ended, what it printed, and the calls it made to the fakes, in order. */
    record Run(int exitCode, String output, List<String> calls) {

        List<String> kubectl() {
            return calls.stream().filter(call -> call.startsWith("kubectl ")).toList();
        }

        /**
         * The kubectl calls that change the cluster: every verb except get, wait, logs, config, rollout status and
         * rollout history.
         */
        List<String> changes() {
            List<String> changes = new ArrayList<>();
            for (String call : kubectl()) {
                List<String> words = new ArrayList<>(List.of(call.split(" ")));
                words.remove(0);
                if (words.size() > 1 && words.get(0).equals("-n")) {
                    words = words.subList(2, words.size());
                }
                String verb = words.isEmpty() ? "" : words.get(0);
                String sub = words.size() > 1 ? words.get(1) : "";
                boolean reads = Set.of("get", "wait", "logs", "config", "describe", "version").contains(verb)
                        || verb.equals("rollout") && Set.of("status", "history").contains(sub);
                if (!reads) {
                    changes.add(call);
                }
            }
            return changes;
        }

        int indexOf(String call) {
            return calls.indexOf(call);
        }
    }

    /**
     * Runs {@code script} (the job's script lines) with the job's {@code variables} plus the predefined ones and
     * {@code extra}.
     */
    Run run(List<String> script, Map<String, String> variables, Map<String, String> extra) {
        try {
            Path file = state.resolve("job.sh");
            Files.writeString(file, "set -eo pipefail\n" + String.join("\n", script) + "\n");
            Files.deleteIfExists(state.resolve("calls"));
            Map<String, String> environment = new LinkedHashMap<>(variables);
            environment.put("CI_PROJECT_DIR", Tool.root().toString());
            environment.put("CI_REGISTRY_IMAGE", REGISTRY_IMAGE);
            environment.put("CI_COMMIT_SHORT_SHA", SHORT_SHA);
            environment.put("CI_JOB_STATUS", "running");
            environment.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
            environment.put("KUBECONFIG", state.resolve("no-such-kubeconfig").toString());
            environment.put("FAKE_STATE", state.toString());
            environment.putAll(extra);
            Set<String> unset = Set.of("KUBE_CONTEXT", "PROMETHEUS_URL", "CANARY_OBSERVE_MINUTES",
                    "CANARY_MAX_5XX_RATIO", "SERVICES", "OVERLAY", "NAMESPACE");
            Tool.Result result = Tool.run(Duration.ofSeconds(60), environment, unset, List.of("bash", file.toString()));
            Path calls = state.resolve("calls");
            List<String> recorded = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
            return new Run(result.exitCode(), result.output(), recorded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
