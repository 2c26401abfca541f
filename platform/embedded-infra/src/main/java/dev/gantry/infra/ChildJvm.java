package dev.gantry.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server run in its own JVM, as a child process of this one on the same {@code java} binary, in its data
 * directory, with its stdout and stderr appended to a log file.
 *
 * <p>{@link #start} blocks until the server's {@link Readiness} check passes; a child that does not get ready is
 * killed. {@link #stop()} sends SIGTERM, waits up to 30 s, then kills; it can be started again afterwards. While a
 * child runs, a JVM shutdown hook stops it on normal exit of this process; {@link #close()} drops the hook.
 */
public final class ChildJvm {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;
    private static final int LOG_TAIL_BYTES = 64 * 1024;

    private final Logger log;
    private final String owner;
    private final String name;
    private final String address;
    private final Path dataDir;
    private final Path logFile;
    private final Set<String> unsetEnvironment;
    private final Thread shutdownHook;

    private volatile Process process;
    private volatile long lastPid = -1;
    private boolean hookRegistered;

    /**
     * @param owner            the server class: its logger reports starts and stops, and its name heads each start in
     *                         the log file
     * @param name             what runs in the child, for messages ({@code "Kafka"})
     * @param address          where the child serves, for messages
     * @param dataDir          the child's working directory; created if missing
     * @param logFile          receives the child's stdout and stderr (appended); its directory is created if missing
     * @param unsetEnvironment variables of this process that the child must not inherit, besides {@code CLASSPATH}
     */
    public ChildJvm(Class<?> owner, String name, String address, Path dataDir, Path logFile,
            Set<String> unsetEnvironment) {
        this.log = LoggerFactory.getLogger(owner);
        this.owner = owner.getSimpleName();
        this.name = name;
        this.address = address;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.unsetEnvironment = Set.copyOf(unsetEnvironment);
        this.shutdownHook = new Thread(this::stop, "gantry-stop " + name + " " + address);
    }

    /** Waits until the child serves; {@link Startup#check(String)} fails it once the child exits or time is up. */
    @FunctionalInterface
    public interface Readiness {

        void await(Startup startup) throws IOException, InterruptedException;
    }

    /** The start in progress, as its {@link Readiness} check sees it. */
    public final class Startup {

        private final Process process;
        private final Duration timeout;
        private final long deadline;

        private Startup(Process process, Duration timeout) {
            this.process = process;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        public long pid() {
            return process.pid();
        }

        /** Milliseconds left before the start times out; negative once it has. */
        public long remainingMillis() {
            return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }

        /** @throws IOException if the child has exited, or the time is up while still {@code waitingFor} */
        public void check(String waitingFor) throws IOException {
            checkAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("timed out after " + timeout.toMillis() + " ms (" + waitingFor + ")");
            }
        }

        private void checkAlive() throws IOException {
            if (!process.isAlive()) {
                throw new IOException("the " + name + " JVM exited with code " + process.exitValue());
            }
        }
    }

    /**
     * Starts the child and blocks until {@code readiness} passes with the child still alive.
     *
     * @param arguments the {@code java} command's arguments: JVM options, class or module path, main class and its
     *                  arguments
     * @throws IOException if the child cannot be started or does not get ready within {@code timeout}; it is then
     *                     killed, and the message carries the last lines of its log
     */
    public void start(List<String> arguments, Duration timeout, Readiness readiness) throws IOException {
        Files.createDirectories(dataDir);
        if (logFile.getParent() != null) {
            Files.createDirectories(logFile.getParent());
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(arguments);
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        Files.writeString(logFile, "==== " + Instant.now() + " " + owner + " starting: " + String.join(" ", command)
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("CLASSPATH"); // the command line alone says what the child loads
        pb.environment().keySet().removeAll(unsetEnvironment);
        Process p = pb.start();
        synchronized (this) {
            process = p;
            lastPid = p.pid();
        }
        try {
            p.getOutputStream().close();
            registerShutdownHook();
            Startup startup = new Startup(p, timeout);
            try {
                readiness.await(startup);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
            startup.checkAlive();
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (process == p) {
                    process = null;
                }
            }
            p.destroyForcibly();
            waitQuietly(p, KILL_WAIT);
            dropShutdownHook();
            throw new IOException(name + " " + address + " (pid " + p.pid() + ") did not start: " + e.getMessage()
                    + "\n---- last lines of " + logFile + " ----\n" + logTail(logStart), e);
        }
        log.info("{} started on {} (pid {}, data {}) in {} ms", name, address, p.pid(), dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** Pid of the running child, or of the last one if it is stopped; -1 before the first start. */
    public long pid() {
        return lastPid;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGTERM, wait up to 30 s, then kill. Idempotent. */
    public void stop() {
        Process p;
        synchronized (this) {
            p = process;
            process = null;
        }
        if (p != null) {
            terminate(p);
        }
    }

    /** Same as {@link #stop()}; also drops the JVM shutdown hook. */
    public void close() {
        stop();
        dropShutdownHook();
    }

    /**
     * Fails early, with a message naming what may hold it, if something already listens on {@code 127.0.0.1:port}
     * (the child would otherwise die on its own bind error, or a leftover server would answer in its place).
     *
     * @param what the port's role, for the message ({@code "HTTP port"})
     */
    public void ensureFree(String what, int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            throw new IOException(name + " " + what + " 127.0.0.1:" + port + " is already in use (another " + name
                    + " still running on this data dir or port?)", e);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private synchronized void registerShutdownHook() {
        if (!hookRegistered) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hookRegistered = true;
        }
    }

    private synchronized void dropShutdownHook() {
        if (hookRegistered) {
            hookRegistered = false;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing to undo
            }
        }
    }

    private void terminate(Process p) {
        if (!p.isAlive()) {
            return;
        }
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM: the child's own shutdown hook closes the server cleanly
        if (!waitQuietly(p, STOP_GRACE)) {
            log.warn("{} (pid {}) did not stop within {} s; killing it", name, p.pid(), STOP_GRACE.toSeconds());
            p.destroyForcibly();
            waitQuietly(p, KILL_WAIT);
        }
        log.info("{} on {} (pid {}) stopped in {} ms", name, address, p.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** @return whether the process has exited */
    private static boolean waitQuietly(Process p, Duration max) {
        try {
            return p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    /** The last lines logged since {@code fromOffset}, that is by the failed start only. */
    private String logTail(long fromOffset) {
        try (SeekableByteChannel ch = Files.newByteChannel(logFile)) {
            ch.position(Math.max(fromOffset, ch.size() - LOG_TAIL_BYTES));
            InputStream in = Channels.newInputStream(ch);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\\R"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }
}
