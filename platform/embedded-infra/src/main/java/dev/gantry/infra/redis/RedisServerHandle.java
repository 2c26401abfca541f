package dev.gantry.infra.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import redis.embedded.RedisServer;

/** A real Redis server (the binary bundled by embedded-redis), persisting to an append-only file in our directory. */
public final class RedisServerHandle implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private RedisServerHandle(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisServerHandle start(Path dataDir, int port, Path logFile) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(logFile.getParent());
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("dir " + dataDir.toAbsolutePath())
                .setting("appendonly yes")
                .setting("save 60 1")
                .setting("maxmemory 128mb")
                .setting("protected-mode yes")
                .soutListener(line -> append(logFile, line))
                .serrListener(line -> append(logFile, line))
                .onShutdownForceStop(true)
                .build();
        server.start();
        return new RedisServerHandle(server, port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }

    private static void append(Path logFile, String line) {
        try {
            Files.writeString(logFile, Instant.now() + " " + line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
