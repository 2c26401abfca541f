package dev.gantry.deploy.ci;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import dev.gantry.deploy.Tool;
import dev.gantry.infra.RepoLayout;

/**
 * .gitlab-ci.yml as GitLab would read it, through gitlab-ci-local 4.60.1 (its JSON-schema check, rules, extends and
 * anchors): which jobs a pipeline on main and on another branch has, in which stages, and what they run. It runs
 * in a scratch git repository holding only the pipeline file, because gitlab-ci-local reads the git state (branch,
 * remote) and writes a .gitlab-ci-local folder where it runs. The production jobs' scripts, as gitlab-ci-local
 * expanded them, also run against a fake cluster ({@link FakeCluster}), healthy and failing in each way the jobs must
 * roll back from.
 */
class GitLabCiTest {

    /** One row of {@code gitlab-ci-local --list-csv}. */
    record Job(String name, String stage, String when, boolean allowFailure, String needs) {
    }

    private static final List<String> SERVICES = List.of("gateway-service", "user-service", "project-service",
            "task-service", "notification-service", "search-service");
    /** How both production jobs remove the canary: only objects labelled as Gantry's canary. */
    private static final String DELETE_CANARY = "kubectl -n gantry delete deployment,configmap"
            + " -l app.kubernetes.io/part-of=gantry,track=canary --ignore-not-found";
    private static final String APPLY_CANARY = "kubectl apply -k deploy/k8s/overlays/prod-canary";
    private static final String APPLY_PROD = "kubectl apply -k deploy/k8s/overlays/prod";
    private static final String NO_5XX_ABOVE_THE_LIMIT = """
            {"status":"success","data":{"resultType":"vector","result":[]}}""";
    private static final String TASK_SERVICE_ABOVE_THE_LIMIT = """
            {"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"task-service"},\
            "value":[1767225600,"0.2"]}]}}""";

    @TempDir
    static Path scratch;
    private static Path repository;
    /** {@code gitlab-ci-local --preview} on main: the pipeline with defaults, extends and anchors expanded. */
    private static Map<String, Object> main;

    @BeforeAll
    static void copyThePipelineIntoAScratchRepository() throws IOException {
        repository = Files.createDirectories(scratch.resolve("repository"));
        Files.copy(RepoLayout.locate().root().resolve(".gitlab-ci.yml"), repository.resolve(".gitlab-ci.yml"));
        git("init", "-q", "-b", "main");
        git("add", ".gitlab-ci.yml");
        git("-c", "user.name=gantry", "-c", "user.email=ci@gantry.invalid", "commit", "-q", "-m", "pipeline");
        git("remote", "add", "origin", "git@gitlab.example.com:gantry/gantry.git");
        main = preview();
    }

    @Test
    void aPipelineOnMainTestsBuildsDeploysToDevThenReleasesACanaryByHandAndRollsItOut() {
        assertThat(list("main")).containsExactly(
                new Job("test", "test", "on_success", false, "[]"),
                new Job("build-images", "build", "on_success", false, "[]"),
                new Job("deploy-dev", "deploy-dev", "on_success", false, "[]"),
                new Job("release-prod", "release", "manual", false, "[]"),
                new Job("rollout-prod", "rollout", "on_success", false, "[release-prod]"));
        assertThat(main.get("stages")).isEqualTo(List.of(".pre", "test", "build", "deploy-dev", "release", "rollout",
                ".post"));
    }

    @Test
    void aPipelineOnAnotherBranchOnlyTests() {
        assertThat(list("feature/anything")).containsExactly(new Job("test", "test", "on_success", false, "[]"));
    }

    @Test
    void theTestJobRunsTheProjectsTestCommandAndKeepsItsReports() {
        Map<String, Object> test = job(main, "test");
        assertThat(test.get("script")).isEqualTo(List.of("./gantry test"));
        Map<String, Object> artifacts = map(test.get("artifacts"));
        assertThat(artifacts.get("when")).isEqualTo("always");
        assertThat(map(artifacts.get("reports")).get("junit")).isEqualTo(List.of("**/target/surefire-reports/TEST-*.xml"));
    }

    @Test
    void theDeployJobsApplyTheirOverlayAndWaitForTheRollout() {
        Map<String, String> environments = Map.of("deploy-dev", "dev", "release-prod", "production",
                "rollout-prod", "production");
        Map<String, String> overlays = Map.of("deploy-dev", "dev", "release-prod", "prod-canary",
                "rollout-prod", "prod");
        for (String name : List.of("deploy-dev", "release-prod", "rollout-prod")) {
            Map<String, Object> job = job(main, name);
            String script = String.join("\n", strings(job.get("script")));
            assertThat(map(job.get("environment")).get("name")).as(name).isEqualTo(environments.get(name));
            assertThat(script).as(name)
                    .contains("kustomize edit set image")
                    .containsPattern("kubectl apply -k deploy/k8s/overlays/" + overlays.get(name) + "( |\n|$)")
                    .containsPattern("rollout status \"?deployment");
            assertThat(job.get("interruptible")).as("%s is never cancelled halfway", name).isEqualTo(false);
            assertThat(String.join("\n", strings(job.get("after_script")))).as("%s prints the namespace when it fails",
                    name).contains("deploy_diagnostics() {",
                            "if [ \"$CI_JOB_STATUS\" = failed ]; then deploy_diagnostics; fi");
        }
        assertThat(job(main, "release-prod").get("resource_group")).isEqualTo("production");
        assertThat(job(main, "rollout-prod").get("resource_group")).isEqualTo("production");
    }

    @Test
    void theReleaseIsABlockingManualGateThatTheFullRolloutWaitsFor() {
        List<Object> releaseRules = strings(job(main, "release-prod").get("rules"));
        // allow_failure false: a manual job that may fail counts as passed for the jobs that need it, so the full
        // rollout would follow a failed canary.
        assertThat(releaseRules).isNotEmpty().allSatisfy(rule -> assertThat(map(rule))
                .containsEntry("when", "manual").containsEntry("allow_failure", false));
        Map<String, Object> rollout = job(main, "rollout-prod");
        assertThat(strings(rollout.get("needs"))).singleElement()
                .satisfies(need -> assertThat(map(need)).containsEntry("job", "release-prod")
                        .containsEntry("optional", false));
        assertThat(strings(rollout.get("rules"))).isNotEmpty()
                .allSatisfy(rule -> assertThat(map(rule).get("when")).as("automatic after the canary")
                        .isIn(null, "on_success"));
        // The release GitLab records, and re-runs from the environment's Rollback button, is the full rollout.
        assertThat(map(job(main, "release-prod").get("environment")).get("action")).isEqualTo("prepare");
        assertThat(map(rollout.get("environment"))).doesNotContainKey("action");
    }

    // --- release-prod: the canary and its health gate --------------------------------------------------------------

    @Test
    void theCanaryJobPinsTheReleasesImagesAppliesTheCanaryAndWatchesItForTenMinutes(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(withLine(healthyCanary(),
                // the previous canary's pod, on its way out: it does not count
                "task-service-canary-7c9d5-old deleting=2026-01-01T00:00:00Z false/3"));
        FakeCluster.Run run = runJob("release-prod", cluster, Map.of());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls()).filteredOn(call -> call.startsWith("kustomize ")).containsExactlyElementsOf(pins());
        assertThat(run.changes()).as("the canary job changes nothing but the canary").containsExactly(APPLY_CANARY);
        assertThat(run.indexOf(APPLY_CANARY)).as("pinned before applying")
                .isGreaterThan(run.indexOf(pins().get(pins().size() - 1)));
        assertThat(run.kubectl()).containsSubsequence(withFirst(APPLY_CANARY, SERVICES.stream()
                .map(s -> "kubectl -n gantry rollout status deployment/" + s + "-canary --timeout=10m").toList()));
        // CANARY_OBSERVE_MINUTES is 10: a check of the canary pods every 30 s, and a last one at the end.
        assertThat(run.kubectl()).filteredOn(call -> call.contains(" get pods -l track=canary ")).hasSize(21);
        assertThat(run.calls()).filteredOn(call -> call.startsWith("sleep ")).hasSize(20).containsOnly("sleep 30");
        assertThat(run.calls()).noneMatch(call -> call.startsWith("curl "));
        assertThat(run.output()).contains("PROMETHEUS_URL is not set");
    }

    @Test
    void aCanaryPodThatRestartedIsDeletedAndTheJobFails(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary().stream()
                .map(line -> line.startsWith("user-service") ? line.replace("true/0", "true/1") : line)
                .toList());
        FakeCluster.Run run = runJob("release-prod", cluster, Map.of());
        assertTheCanaryWasDeletedAndTheJobFailed(run, "not ready or restarted (ready/restarts): user-service-canary");
        assertThat(run.calls()).as("found at the first check, not at the end of the watch")
                .noneMatch(call -> call.startsWith("sleep "));
    }

    @Test
    void aCanaryPodThatIsNotReadyIsDeletedAndTheJobFails(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary().stream()
                .map(line -> line.startsWith("gateway-service") ? line.replace("true/0", "false/0") : line)
                .toList());
        assertTheCanaryWasDeletedAndTheJobFailed(runJob("release-prod", cluster, Map.of()),
                "not ready or restarted (ready/restarts): gateway-service-canary");
    }

    @Test
    void aMissingCanaryPodFailsTheGate(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary().stream()
                .filter(line -> !line.startsWith("search-service")).toList());
        assertTheCanaryWasDeletedAndTheJobFailed(runJob("release-prod", cluster, Map.of()),
                "expected 6 canary pods, found 5");
    }

    @Test
    void aCanaryThatNeverBecomesReadyIsDeletedWithoutWatchingIt(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary())
                .failing("rollout status deployment/search-service-canary");
        FakeCluster.Run run = runJob("release-prod", cluster, Map.of());
        assertTheCanaryWasDeletedAndTheJobFailed(run, "search-service-canary did not become ready");
        assertThat(run.calls()).noneMatch(call -> call.startsWith("sleep "));
    }

    @Test
    void aCanaryThatCannotBeAppliedIsDeleted(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary()).failing("apply -k");
        assertTheCanaryWasDeletedAndTheJobFailed(runJob("release-prod", cluster, Map.of()),
                "kubectl apply of the canary failed");
    }

    @Test
    void withPrometheusTheGateAlsoHoldsEachCanarysShareOf5xxUnderTheLimit(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary()).prometheus(NO_5XX_ABOVE_THE_LIMIT);
        FakeCluster.Run run = runJob("release-prod", cluster, Map.of("PROMETHEUS_URL",
                "http://prometheus.monitoring:9090", "CANARY_OBSERVE_MINUTES", "3"));
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.changes()).containsExactly(APPLY_CANARY);
        assertThat(run.kubectl()).filteredOn(call -> call.contains(" get pods -l track=canary ")).hasSize(7);
        List<String> queries = run.calls().stream().filter(call -> call.startsWith("curl ")).toList();
        assertThat(queries).singleElement(as(STRING)).contains(" -G http://prometheus.monitoring:9090/api/v1/query ");
        String query = queries.get(0).substring(queries.get(0).indexOf("query=") + "query=".length());
        assertThat(query).isEqualTo("sum by (service) (rate(http_server_requests_seconds_count{track=\"canary\", "
                + "status=~\"5..\"}[3m])) / sum by (service) (rate(http_server_requests_seconds_count"
                + "{track=\"canary\"}[3m])) > 0.05");
        assertThat(run.indexOf(queries.get(0))).as("asked after the observation")
                .isGreaterThan(run.calls().lastIndexOf("sleep 30"));
        assertValidPromQl(query, dir);
    }

    @Test
    void aCanaryAboveThe5xxLimitIsDeletedAndTheJobFails(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary()).prometheus(TASK_SERVICE_ABOVE_THE_LIMIT);
        assertTheCanaryWasDeletedAndTheJobFailed(runJob("release-prod", cluster,
                Map.of("PROMETHEUS_URL", "http://prometheus.monitoring:9090")),
                "canary 5xx ratio above 0.05 over 10m: " + TASK_SERVICE_ABOVE_THE_LIMIT);
    }

    @Test
    void aPrometheusThatDoesNotAnswerFailsTheGate(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).canaryPods(healthyCanary()); // no answer: curl cannot connect
        assertTheCanaryWasDeletedAndTheJobFailed(runJob("release-prod", cluster,
                Map.of("PROMETHEUS_URL", "http://prometheus.monitoring:9090")),
                "Prometheus at http://prometheus.monitoring:9090 did not answer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "31", "ten"})
    void anObservationTimeOutsideOneToThirtyMinutesIsRefusedBeforeAnythingChanges(String minutes, @TempDir Path dir) {
        FakeCluster.Run run = runJob("release-prod", new FakeCluster(dir).canaryPods(healthyCanary()),
                Map.of("CANARY_OBSERVE_MINUTES", minutes));
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("CANARY_OBSERVE_MINUTES must be a whole number from 1 to 30");
        assertThat(run.changes()).isEmpty();
    }

    private static void assertTheCanaryWasDeletedAndTheJobFailed(FakeCluster.Run run, String why) {
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains(why).contains("deleting the canary");
        assertThat(run.changes()).as("the canary is deleted and nothing else changes: the stable Deployments "
                + "keep serving").containsExactly(APPLY_CANARY, DELETE_CANARY);
        assertThat(run.kubectl()).as("the job stops once the canary is deleted").last().isEqualTo(DELETE_CANARY);
        assertThat(run.kubectl()).as("the failing pods are shown before they go")
                .contains("kubectl -n gantry get pods -o wide");
    }

    private static List<String> healthyCanary() {
        return SERVICES.stream().map(s -> s + "-canary-5d8f7c-x2k9q deleting= true/0").toList();
    }

    private static List<String> withLine(List<String> lines, String line) {
        List<String> all = new ArrayList<>(lines);
        all.add(line);
        return all;
    }

    private static List<String> withFirst(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** The kustomize calls that pin the prod overlay (the canary builds on it) to this commit's images. */
    private static List<String> pins() {
        return SERVICES.stream().map(s -> "kustomize edit set image gantry/" + s + "=" + FakeCluster.REGISTRY_IMAGE
                + "/" + s + ":" + FakeCluster.SHORT_SHA + " (in deploy/k8s/overlays/prod)").toList();
    }

    /** promtool parses the query (as a recording rule) and it reads the metric the 5xx alert reads. */
    private static void assertValidPromQl(String query, Path dir) {
        try {
            Path rules = Files.writeString(dir.resolve("canary-query.rules.yml"), """
                    groups:
                      - name: canary-gate
                        rules:
                          - record: gantry:canary_5xx_ratio_above_limit
                            expr: '%s'
                    """.formatted(query.replace("'", "''")));
            Tool.run(Duration.ofSeconds(60), "promtool", "check", "rules", rules.toString())
                    .requireSuccess("promtool check rules on the canary's 5xx query");
            assertThat(Files.readString(Tool.root().resolve(
                    "deploy/observability/prometheus/rules/gantry-alerts.yml")))
                    .contains("http_server_requests_seconds_count{status=~\"5..\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- rollout-prod: the full rollout and its rollback -----------------------------------------------------------

    @Test
    void theFullRolloutAppliesProdWaitsForEveryDeploymentThenRemovesTheCanary(@TempDir Path dir) {
        FakeCluster cluster = new FakeCluster(dir).changedByProdOverlay(SERVICES);
        SERVICES.forEach(s -> cluster.revision(s, 7));
        FakeCluster.Run run = runJob("rollout-prod", cluster, Map.of());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.calls()).filteredOn(call -> call.startsWith("kustomize ")).containsExactlyElementsOf(pins());
        assertThat(run.changes()).containsExactly("kubectl -n gantry delete job gantry-db-roles --ignore-not-found",
                APPLY_PROD, DELETE_CANARY);
        List<String> order = new ArrayList<>(List.of(APPLY_PROD,
                "kubectl -n gantry wait --for=condition=complete job/gantry-db-roles --timeout=5m"));
        SERVICES.forEach(s -> order.add("kubectl -n gantry rollout status deployment/" + s + " --timeout=15m"));
        order.add(DELETE_CANARY);
        assertThat(run.kubectl()).containsSubsequence(order);
        for (String service : SERVICES) {
            assertThat(run.kubectl().stream().filter(call -> call.contains(" get deployment " + service + " ")
                    && call.contains("revision")).findFirst().map(run::indexOf).orElse(-1))
                    .as("the revision of %s is read before the apply", service)
                    .isBetween(0, run.indexOf(APPLY_PROD));
        }
    }

    @Test
    void aFailedRolloutTakesEveryDeploymentItChangedBackToItsPreviousReplicaSet(@TempDir Path dir) {
        List<String> changed = SERVICES.stream().filter(s -> !s.equals("search-service")).toList();
        FakeCluster cluster = new FakeCluster(dir).changedByProdOverlay(changed)
                .failing("rollout status deployment/task-service --timeout=15m");
        SERVICES.forEach(s -> cluster.revision(s, s.equals("search-service") ? 4 : 7));
        FakeCluster.Run run = runJob("rollout-prod", cluster, Map.of());
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("task-service did not roll out")
                .contains("search-service is unchanged by this release (revision 4)");
        List<String> undo = changed.stream()
                .map(s -> "kubectl -n gantry rollout undo deployment/" + s + " --to-revision=7").toList();
        List<String> expected = new ArrayList<>(List.of(
                "kubectl -n gantry delete job gantry-db-roles --ignore-not-found", APPLY_PROD));
        expected.addAll(undo);
        expected.add(DELETE_CANARY);
        assertThat(run.changes()).as("every changed Deployment goes back to the revision it had, the canary goes")
                .containsExactlyElementsOf(expected);
        assertThat(run.kubectl()).as("the rollout stops at the first failure")
                .noneMatch(call -> call.contains("rollout status deployment/notification-service --timeout=15m"));
        List<String> comeBack = new ArrayList<>(List.of(DELETE_CANARY));
        changed.forEach(s -> comeBack.add("kubectl -n gantry rollout status deployment/" + s + " --timeout=10m"));
        assertThat(run.kubectl()).as("then waits for them to come back").containsSubsequence(comeBack);
        assertThat(run.kubectl()).as("the failing pods are shown before they go")
                .contains("kubectl -n gantry get pods -o wide");
    }

    @Test
    void aFailedReRunThatChangedNothingRollsNothingBack(@TempDir Path dir) {
        // e.g. re-running the release to re-run the roles Job after a password rotation (docs/operations.md)
        FakeCluster cluster = new FakeCluster(dir).changedByProdOverlay(List.of())
                .failing("wait --for=condition=complete job/gantry-db-roles");
        SERVICES.forEach(s -> cluster.revision(s, 7));
        FakeCluster.Run run = runJob("rollout-prod", cluster, Map.of());
        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("the roles Job did not complete")
                .contains("gateway-service is unchanged by this release (revision 7)");
        assertThat(run.kubectl()).noneMatch(call -> call.contains("rollout undo"));
        assertThat(run.changes()).last().isEqualTo(DELETE_CANARY);
    }

    private static FakeCluster.Run runJob(String name, FakeCluster cluster, Map<String, String> extra) {
        Map<String, Object> job = job(main, name);
        Map<String, String> variables = new LinkedHashMap<>();
        map(job.get("variables")).forEach((key, value) -> variables.put(key, String.valueOf(value)));
        assertThat(variables.get("SERVICES")).as("%s SERVICES", name).isEqualTo(String.join(" ", SERVICES));
        return cluster.run(strings(job.get("script")), variables, extra);
    }

    // --- gitlab-ci-local -------------------------------------------------------------------------------------------

    private static List<Job> list(String branch) {
        git("checkout", "-q", "-B", branch);
        String csv = gitlabCiLocal("--list-csv");
        List<Job> jobs = new ArrayList<>();
        for (String line : csv.strip().split("\n")) {
            String[] fields = line.split(";", -1);
            if (fields.length >= 6 && !fields[0].equals("name")) {
                jobs.add(new Job(fields[0], fields[2], fields[3], Boolean.parseBoolean(fields[4]), fields[5]));
            }
        }
        return jobs;
    }

    /** The pipeline with defaults, extends and anchors expanded, as gitlab-ci-local prints it. */
    private static Map<String, Object> preview() {
        git("checkout", "-q", "-B", "main");
        return map(new Yaml().load(gitlabCiLocal("--preview")));
    }

    private static Map<String, Object> job(Map<String, Object> pipeline, String name) {
        assertThat(pipeline).containsKey(name);
        return map(pipeline.get(name));
    }

    private static String gitlabCiLocal(String option) {
        Path executable = nodeModules().resolve(".bin/gitlab-ci-local");
        Result result = run(List.of(executable.toString(), option, "--home", scratch.resolve("home").toString()));
        if (result.exitCode() != 0) {
            throw new AssertionError("gitlab-ci-local " + option + " failed (exit " + result.exitCode() + "):\n"
                    + result.stdout() + result.stderr());
        }
        assertThat(result.stderr()).as("gitlab-ci-local validated the pipeline against GitLab's schema")
                .contains("json schema validated");
        return result.stdout();
    }

    private static void git(String... arguments) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + result.stdout() + result.stderr());
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command) {
        try {
            Path stderr = Files.createTempFile(scratch, "stderr", ".txt");
            Process process = new ProcessBuilder(command).directory(repository.toFile())
                    .redirectError(stderr.toFile()).start();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr));
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The node_modules folder where ./gantry test installs the npm checkers (gitlab-ci-local). */
    private static Path nodeModules() {
        String configured = System.getenv("GANTRY_TOOLS_NODE_MODULES");
        Path path = configured != null ? Path.of(configured)
                : RepoLayout.locate().root().resolve(".gantry/tools/node_modules");
        if (!Files.exists(path.resolve(".gantry-tools-1"))) {
            throw new AssertionError("The npm checkers are not installed in " + path + ": run ./gantry test");
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> strings(Object value) {
        return value instanceof List<?> ? (List<T>) value : List.of();
    }
}
