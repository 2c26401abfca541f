package dev.gantry.infra.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server from zonky's binaries, its data kept in a directory of ours across restarts.
 * It listens on 127.0.0.1 only and trusts local connections, as a development server does.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /**
     * @param dataDir kept between runs; zonky runs initdb as {@code nobody} when started as root, so this directory
     *                and its parents must be reachable by that user ({@link #isReachableByEveryone})
     */
    public static PostgresServer start(Path dataDir, int port, Path logFile) throws IOException {
        Files.createDirectories(dataDir.getParent());
        Files.createDirectories(logFile.getParent());
        File log = logFile.toFile();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("fsync", "on")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log))
                .start();
        return new PostgresServer(postgres, port);
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /** Whether {@code nobody} can reach a directory: every parent must grant others execute permission. */
    public static boolean isReachableByEveryone(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(p);
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }
}
