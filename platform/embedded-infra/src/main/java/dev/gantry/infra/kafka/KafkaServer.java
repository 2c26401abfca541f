package dev.gantry.infra.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft combined mode) in its own child JVM, built by the
 * {@code platform/kafka-node} module ({@code dev.gantry.kafkanode.KafkaNode}).
 *
 * <p>The child runs on the same {@code java} binary as this process, on fixed ports, with its data in
 * {@code dataDir} (kept across {@link #restart(Duration)} and across {@code start} calls on the same directory).
 * It exits by itself if this process dies, and a JVM shutdown hook stops it on normal exit.
 */
public final class KafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    static final String MAIN_CLASS = "dev.gantry.kafkanode.KafkaNode";
    static final String PARENT_PID_PROPERTY = "gantry.parent.pid";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 30;

    private final Path nodeHome;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final Thread shutdownHook;

    private volatile Process process;
    private volatile long lastPid = -1;
    private boolean hookRegistered;

    private KafkaServer(Path nodeHome, Path dataDir, int port, int controllerPort, Path logFile) {
        this.nodeHome = nodeHome.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = logFile.toAbsolutePath().normalize();
        this.shutdownHook = new Thread(this::stop, "gantry-kafka-stop-" + port);
    }

    /**
     * Starts the broker and blocks until an AdminClient {@code describeCluster} succeeds.
     *
     * @param nodeHome       {@code platform/kafka-node/target/node} (must contain {@code lib/})
     * @param dataDir        created if missing; survives restarts
     * @param port           PLAINTEXT listener on 127.0.0.1
     * @param controllerPort KRaft controller listener on 127.0.0.1
     * @param logFile        receives the child's stdout and stderr (appended)
     * @param timeout        how long to wait for the broker to answer
     * @throws IOException if the node is not built, a port is taken, or the broker does not come up in time
     *                     (the child is then killed and the message carries the last lines of its log)
     */
    public static KafkaServer start(Path nodeHome, Path dataDir, int port, int controllerPort, Path logFile,
            Duration timeout) throws IOException {
        Objects.requireNonNull(nodeHome, "nodeHome");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(timeout, "timeout");
        checkPort(port, "port");
        checkPort(controllerPort, "controllerPort");
        if (port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ: " + port);
        }
        KafkaServer server = new KafkaServer(nodeHome, dataDir, port, controllerPort, logFile);
        try {
            server.launch(timeout);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** Pid of the running child, or of the last one if the broker is stopped. */
    public long pid() {
        return lastPid;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGTERM (clean Kafka shutdown), wait up to 30 s, then kill. Idempotent. */
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

    /** Stops the broker, then starts it again on the same ports and data. */
    public void restart(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        stop();
        launch(timeout);
    }

    @Override
    public void close() {
        stop();
        synchronized (this) {
            if (hookRegistered) {
                hookRegistered = false;
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or about to: nothing to undo
                }
            }
        }
    }

    @Override
    public String toString() {
        return "KafkaServer[" + bootstrapServers() + ", pid " + lastPid + ", data " + dataDir + "]";
    }

    // ------------------------------------------------------------------------------------------------------------

    private void launch(Duration timeout) throws IOException {
        Path lib = nodeHome.resolve("lib");
        if (!containsNodeJar(lib)) {
            throw new IOException("Kafka node is not built: no kafka-node jar in " + lib
                    + " (run ./mvnw -pl platform/kafka-node package)");
        }
        ensureFree(port, "port");
        ensureFree(controllerPort, "controllerPort");
        Files.createDirectories(dataDir);
        if (logFile.getParent() != null) {
            Files.createDirectories(logFile.getParent());
        }

        List<String> command = command(lib);
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        Files.writeString(logFile, "==== " + Instant.now() + " KafkaServer starting: " + String.join(" ", command)
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        p.getOutputStream().close();
        synchronized (this) {
            process = p;
            lastPid = p.pid();
            if (!hookRegistered) {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
                hookRegistered = true;
            }
        }

        try {
            awaitReady(p, timeout);
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (process == p) {
                    process = null;
                }
            }
            p.destroyForcibly();
            waitQuietly(p, Duration.ofSeconds(10));
            throw new IOException("Kafka " + bootstrapServers() + " (pid " + p.pid() + ") did not start: "
                    + e.getMessage() + "\n---- last lines of " + logFile + " ----\n" + logTail(logStart), e);
        }
        log.info("Kafka started on {} (pid {}, data {}) in {} ms", bootstrapServers(), p.pid(), dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private List<String> command(Path lib) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        int feature = Runtime.version().feature();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xms128m");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1"); // C1 only: ~30 MB less RSS, less CPU on 2 cores; plenty for a dev broker
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.disable.jmx=true");
        if (feature >= 22) {
            cmd.add("--enable-native-access=ALL-UNNAMED"); // zstd-jni, snappy, lz4 (JNI warnings on 24+)
        }
        if (feature >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow"); // kafka-clients ByteBufferUnmapper (warning on 24+)
        }
        cmd.add("-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        cmd.add("-cp");
        cmd.add(lib.resolve("*").toString());
        cmd.add(MAIN_CLASS);
        cmd.add(dataDir.toString());
        cmd.add(Integer.toString(port));
        cmd.add(Integer.toString(controllerPort));
        return cmd;
    }

    private void awaitReady(Process p, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // 1. wait for the listener, without a client spamming connection warnings
        while (!canConnect(port)) {
            checkAlive(p);
            checkDeadline(deadline, timeout, "port " + port + " not open");
            sleep(100);
        }
        // 2. a real request through the broker
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "gantry-kafka-readiness-" + port);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        String lastError = "no answer";
        try (Admin admin = Admin.create(props)) {
            while (true) {
                checkAlive(p);
                checkDeadline(deadline, timeout, "describeCluster failed: " + lastError);
                long waitMs = Math.max(100, Math.min(5_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                try {
                    DescribeClusterResult cluster = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) waitMs));
                    String clusterId = cluster.clusterId().get(waitMs, TimeUnit.MILLISECONDS);
                    int nodes = cluster.nodes().get(waitMs, TimeUnit.MILLISECONDS).size();
                    String expected = storedClusterId();
                    if (expected != null && !expected.equals(clusterId)) {
                        throw new IOException("a different Kafka answers on " + bootstrapServers() + " (cluster id "
                                + clusterId + ", expected " + expected + " from " + dataDir + ")");
                    }
                    if (nodes > 0) {
                        checkAlive(p);
                        return;
                    }
                    lastError = "no broker registered yet";
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    lastError = cause.toString();
                }
                sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Kafka", e);
        }
    }

    private String storedClusterId() {
        Path meta = dataDir.resolve("kafka-logs").resolve("meta.properties");
        if (!Files.exists(meta)) {
            return null;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            props.load(in);
            return props.getProperty("cluster.id");
        } catch (IOException e) {
            return null;
        }
    }

    private static void checkAlive(Process p) throws IOException {
        if (!p.isAlive()) {
            throw new IOException("the Kafka JVM exited with code " + p.exitValue());
        }
    }

    private static void checkDeadline(long deadline, Duration timeout, String what) throws IOException {
        if (System.nanoTime() - deadline > 0) {
            throw new IOException("timed out after " + timeout.toMillis() + " ms (" + what + ")");
        }
    }

    private void terminate(Process p) {
        if (!p.isAlive()) {
            return;
        }
        long t0 = System.nanoTime();
        p.destroy(); // SIGTERM: Kafka's shutdown hook does a clean shutdown
        if (!waitQuietly(p, STOP_GRACE)) {
            log.warn("Kafka (pid {}) did not stop within {} s; killing it", p.pid(), STOP_GRACE.toSeconds());
            p.destroyForcibly();
            waitQuietly(p, Duration.ofSeconds(10));
        }
        log.info("Kafka on {} (pid {}) stopped in {} ms", bootstrapServers(), p.pid(),
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

    private String logTail(long fromOffset) {
        try (SeekableByteChannel ch = Files.newByteChannel(logFile)) {
            long size = ch.size();
            long start = Math.max(fromOffset, size - 64 * 1024);
            ch.position(start);
            InputStream in = Channels.newInputStream(ch);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\\R"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static boolean containsNodeJar(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "kafka-node*.jar")) {
            return jars.iterator().hasNext();
        }
    }

    private static boolean canConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void ensureFree(int port, String name) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            throw new IOException("Kafka " + name + " 127.0.0.1:" + port
                    + " is already in use (another Kafka still running on this data dir or port?)", e);
        }
    }

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " out of range: " + port);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Kafka", e);
        }
    }
}
