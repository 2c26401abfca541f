package dev.gantry.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import dev.gantry.infra.postgres.PostgresServer;

/** The git-ignored {@code .gantry/} folder of a checkout: data that survives restarts, logs, pid files. */
record PlatformHome(Path root) {

    static PlatformHome of(Path repoRoot) {
        return new PlatformHome(repoRoot.resolve(".gantry"));
    }

    Path data() {
        return root.resolve("data");
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path run() {
        return root.resolve("run");
    }

    Path platformPid() {
        return run().resolve("platform.pid");
    }

    Path pidOf(String component) {
        return run().resolve(component + ".pid");
    }

    Path signingKey() {
        return root.resolve("dev-issuer/signing-key.json");
    }

    Path devIdentity() {
        return root.resolve("dev-issuer/identity.properties");
    }

    /**
     * PostgreSQL's data directory: under {@code .gantry/data} when the user {@code nobody} (which zonky's initdb runs
     * as under root) can reach it, otherwise a folder of this checkout under /var/tmp.
     */
    Path postgresData() {
        Path preferred = data().resolve("postgres");
        if (PostgresServer.isReachableByEveryone(root)) {
            return preferred;
        }
        return Path.of("/var/tmp", "gantry-" + shortHash(root.toAbsolutePath().toString()), "postgres");
    }

    static Optional<ProcessHandle> alive(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void writePid(Path pidFile, long pid) throws IOException {
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(pid));
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
