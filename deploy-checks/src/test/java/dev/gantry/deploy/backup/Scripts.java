package dev.gantry.deploy.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.gantry.infra.RepoLayout;

/** Runs the real scripts of deploy/backup with bash, and makes the scratch directories the drills work in. */
final class Scripts {

    static final List<String> NAMES = List.of("full-backup.sh", "restore.sh", "archive-wal.sh");

    /** What a script printed (stdout and stderr together) and how it ended. */
    record Result(int exitCode, String output) {
        Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " failed (exit " + exitCode + "):\n" + output);
            }
            return this;
        }
    }

    private Scripts() {
    }

    static Path source(String name) {
        return RepoLayout.locate().root().resolve("deploy/backup").resolve(name);
    }

    /** bash SCRIPT ARGS... in {@code workDir}, with {@code environment} added to this JVM's. */
    static Result run(Path workDir, Map<String, String> environment, Path script, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> key.startsWith("GANTRY_"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run bash: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * A fresh directory under /tmp that every user can traverse: zonky runs PostgreSQL in a user namespace where it is
     * {@code nobody} when the JVM is root, so the server and its archive_command must reach everything through
     * world-traversable parents (a checkout under /root is not).
     */
    static Path scratchDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    /** Copies the three scripts into {@code dir} (readable by everyone), for a server that cannot reach the checkout. */
    static Path copyScripts(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : NAMES) {
            Path copy = dir.resolve(name);
            Files.copy(source(name), copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
