package dev.gantry.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.gantry.infra.RepoLayout;

/**
 * Runs a real checker (promtool, docker-compose, kubectl, node, Maven) from the repository root. Output goes to files,
 * so the timeout holds even when a command hangs without closing its output, and on timeout the command and its
 * children are killed. A missing tool fails the check with what to install: the test command installs them, and a
 * check never skips itself.
 */
public final class Tool {

    /** How a command ended, what it printed on stdout, and everything it printed (stdout, then stderr). */
    public record Result(int exitCode, String stdout, String output) {

        public Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    private Tool() {
    }

    public static Path root() {
        return RepoLayout.locate().root();
    }

    public static Result run(Duration timeout, String... command) {
        return run(timeout, Map.of(), Set.of(), List.of(command));
    }

    /** Runs {@code command} in the repository root with {@code environment} added and {@code unset} removed. */
    public static Result run(Duration timeout, Map<String, String> environment, Set<String> unset,
            List<String> command) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("gantry-check-", ".out");
            stderr = Files.createTempFile("gantry-check-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().keySet().removeAll(unset);
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String all = out + Files.readString(stderr, StandardCharsets.UTF_8);
            if (!finished) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + all);
            }
            return new Result(process.exitValue(), out, all);
        } catch (IOException e) {
            throw new AssertionError("could not run " + command.get(0) + " (" + e.getMessage() + "): run the checks "
                    + "through ./gantry test, which installs the checkers, or install it yourself", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            for (Path file : new Path[] {stdout, stderr}) {
                if (file != null) {
                    file.toFile().delete();
                }
            }
        }
    }

    /** The node_modules folder where ./gantry test installs the npm checkers. */
    public static Path nodeModules() {
        String configured = System.getenv("GANTRY_TOOLS_NODE_MODULES");
        Path path = configured != null ? Path.of(configured) : root().resolve(".gantry/tools/node_modules");
        if (!path.resolve(".gantry-tools-1").toFile().exists()) {
            throw new AssertionError("The npm checkers are not installed in " + path + ": run ./gantry test");
        }
        return path;
    }
}
