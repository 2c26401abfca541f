package dev.gantry.deploy.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import dev.gantry.infra.RepoLayout;

/**
 * .gitlab-ci.yml as GitLab would read it, through gitlab-ci-local 4.60.1 (its JSON-schema check, rules, extends and
 * anchors): which jobs a pipeline on main and on another branch has, in which stages, and what they run. It runs
 * in a scratch git repository holding only the pipeline file, because gitlab-ci-local reads the git state (branch,
 * remote) and writes a .gitlab-ci-local folder where it runs.
 */
class GitLabCiTest {

    /** One row of {@code gitlab-ci-local --list-csv}. */
    record Job(String name, String stage, String when, boolean allowFailure) {
    }

    @TempDir
    static Path scratch;
    private static Path repository;

    @BeforeAll
    static void copyThePipelineIntoAScratchRepository() throws IOException {
        repository = Files.createDirectories(scratch.resolve("repository"));
        Files.copy(RepoLayout.locate().root().resolve(".gitlab-ci.yml"), repository.resolve(".gitlab-ci.yml"));
        git("init", "-q", "-b", "main");
        git("add", ".gitlab-ci.yml");
        git("-c", "user.name=gantry", "-c", "user.email=ci@gantry.invalid", "commit", "-q", "-m", "pipeline");
        git("remote", "add", "origin", "git@gitlab.example.com:gantry/gantry.git");
    }

    @Test
    void aPipelineOnMainTestsBuildsDeploysToDevAndOffersAManualRelease() {
        assertThat(list("main")).containsExactly(
                new Job("test", "test", "on_success", false),
                new Job("build-images", "build", "on_success", false),
                new Job("deploy-dev", "deploy-dev", "on_success", false),
                new Job("release-prod", "release", "manual", true));
        assertThat(preview().get("stages")).isEqualTo(List.of(".pre", "test", "build", "deploy-dev", "release",
                ".post"));
    }

    @Test
    void aPipelineOnAnotherBranchOnlyTests() {
        assertThat(list("feature/anything")).containsExactly(new Job("test", "test", "on_success", false));
    }

    @Test
    void theTestJobRunsTheProjectsTestCommandAndKeepsItsReports() {
        Map<String, Object> test = job(preview(), "test");
        assertThat(test.get("script")).isEqualTo(List.of("./gantry test"));
        Map<String, Object> artifacts = map(test.get("artifacts"));
        assertThat(artifacts.get("when")).isEqualTo("always");
        assertThat(map(artifacts.get("reports")).get("junit")).isEqualTo(List.of("**/target/surefire-reports/TEST-*.xml"));
    }

    @Test
    void theDeployJobsApplyTheirOverlayAndWaitForTheRollout() {
        Map<String, Object> pipeline = preview();
        Map<String, String> environments = Map.of("deploy-dev", "dev", "release-prod", "production");
        Map<String, String> overlays = Map.of("deploy-dev", "dev", "release-prod", "prod");
        for (String name : List.of("deploy-dev", "release-prod")) {
            Map<String, Object> job = job(pipeline, name);
            String script = String.join("\n", strings(job.get("script")));
            assertThat(map(job.get("environment")).get("name")).as(name).isEqualTo(environments.get(name));
            assertThat(script).as(name)
                    .contains("kustomize edit set image")
                    .contains("kubectl apply -k deploy/k8s/overlays/" + overlays.get(name))
                    .contains("rollout status deployment");
            assertThat(job.get("interruptible")).as("%s is never cancelled halfway", name).isEqualTo(false);
        }
        List<Object> releaseRules = strings(job(pipeline, "release-prod").get("rules"));
        assertThat(releaseRules).isNotEmpty().allSatisfy(rule -> assertThat(map(rule).get("when")).isEqualTo("manual"));
    }

    // --- gitlab-ci-local -------------------------------------------------------------------------------------------

    private static List<Job> list(String branch) {
        git("checkout", "-q", "-B", branch);
        String csv = gitlabCiLocal("--list-csv");
        List<Job> jobs = new ArrayList<>();
        for (String line : csv.strip().split("\n")) {
            String[] fields = line.split(";", -1);
            if (fields.length >= 5 && !fields[0].equals("name")) {
                jobs.add(new Job(fields[0], fields[2], fields[3], Boolean.parseBoolean(fields[4])));
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
