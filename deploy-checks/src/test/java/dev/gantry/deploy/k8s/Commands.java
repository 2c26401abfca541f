package dev.gantry.deploy.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.gantry.infra.RepoLayout;

/**
 * Runs a real checker (kubectl, node, docker-compose) from the repository root, like {@code dev.gantry.deploy.Tool}
 * (package-private there, so not reachable from this package). A missing tool fails the check; nothing skips.
 */
final class Commands {

    /** What a command printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {
        Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    private Commands() {
    }

    static Path root() {
        return RepoLayout.locate().root();
    }

    /** Runs {@code command} in the repository root with {@code environment} added and {@code unset} removed. */
    static Result run(Duration timeout, Map<String, String> environment, Set<String> unset, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeAll(unset);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed: run the checks through ./gantry test, which "
                    + "installs it, or install it yourself (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), Set.of(), List.of(command));
    }

    /** The node_modules folder where ./gantry test installs the npm checkers (kubernetes-models, yaml). */
    static Path nodeModules() {
        String configured = System.getenv("GANTRY_TOOLS_NODE_MODULES");
        Path path = configured != null ? Path.of(configured) : root().resolve(".gantry/tools/node_modules");
        if (!path.resolve(".gantry-tools-1").toFile().exists()) {
            throw new AssertionError("The npm checkers are not installed in " + path + ": run ./gantry test");
        }
        return path;
    }
}
