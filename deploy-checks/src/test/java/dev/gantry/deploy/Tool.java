package dev.gantry.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.gantry.infra.RepoLayout;

/**
 * Runs a real checker (promtool, docker-compose, kubectl, node) from the repository root. A missing tool fails the
 * check with what to install: the test command installs them, and a check never skips itself.
 */
final class Tool {

    /** What a command printed and how it ended. */
    record Result(int exitCode, String output) {
        Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    private Tool() {
    }

    static Path root() {
        return RepoLayout.locate().root();
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), command);
    }

    static Result run(Duration timeout, Map<String, String> environment, String... command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(root().toFile())
                .redirectErrorStream(true);
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
            throw new AssertionError(command[0] + " is not installed: run the checks through ./gantry test, which "
                    + "installs it, or install it yourself (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The node_modules folder where ./gantry test installs the npm checkers. */
    static Path nodeModules() {
        String configured = System.getenv("GANTRY_TOOLS_NODE_MODULES");
        Path path = configured != null ? Path.of(configured) : root().resolve(".gantry/tools/node_modules");
        if (!path.resolve(".gantry-tools-1").toFile().exists()) {
            throw new AssertionError("The npm checkers are not installed in " + path + ": run ./gantry test");
        }
        return path;
    }

    static List<String> command(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
