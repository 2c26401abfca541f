package dev.gantry.deploy.observability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.gantry.infra.RepoLayout;

/**
 * Runs a real checker (promtool, docker-compose) from the repository root, like {@code dev.gantry.deploy.Tool}
 * (package-private there). The output goes to files, so the timeout holds even when a command hangs without
 * closing its output. A missing tool fails the check; nothing skips.
 */
final class Commands {

    /** How a command ended, what it printed on stdout, and all it printed (stdout, then stderr). */
    record Result(int exitCode, String stdout, String output) {
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

    static Result run(Duration timeout, String... command) {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("gantry-check-", ".out");
            stderr = Files.createTempFile("gantry-check-", ".err");
            Process process = new ProcessBuilder(List.of(command)).directory(root().toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String all = out + Files.readString(stderr, StandardCharsets.UTF_8);
            if (!finished) {
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n" + all);
            }
            return new Result(process.exitValue(), out, all);
        } catch (IOException e) {
            throw new AssertionError("could not run " + command[0] + " (" + e.getMessage() + "): if it is not "
                    + "installed, run the checks through ./gantry test, which installs it, or install it yourself", e);
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
}
