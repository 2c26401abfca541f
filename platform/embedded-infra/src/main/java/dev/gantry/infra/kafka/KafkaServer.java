package dev.gantry.infra.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

import dev.gantry.infra.ChildJvm;

/**
 * A real single-node Apache Kafka broker (KRaft combined mode) in its own child JVM, built by the
 * {@code platform/kafka-node} module ({@code dev.gantry.kafkanode.KafkaNode}).
 *
 * <p>The child runs on the same {@code java} binary as this process, on fixed ports, with its data in
 * {@code dataDir} (kept across {@link #restart(Duration)} and across {@code start} calls on the same directory).
 * It exits by itself if this process dies, and a JVM shutdown hook stops it on normal exit.
 */
public final class KafkaServer implements AutoCloseable {

    static final String MAIN_CLASS = "dev.gantry.kafkanode.KafkaNode";
    static final String PARENT_PID_PROPERTY = "gantry.parent.pid";

    private final Path nodeHome;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Path logFile;
    private final ChildJvm jvm;

    private KafkaServer(Path nodeHome, Path dataDir, int port, int controllerPort, Path logFile) {
        this.nodeHome = nodeHome.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.port = port;
        this.controllerPort = controllerPort;
        this.logFile = logFile.toAbsolutePath().normalize();
        this.jvm = new ChildJvm(KafkaServer.class, "Kafka", bootstrapServers(), this.dataDir, this.logFile, Set.of());
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
        server.launch(timeout);
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
        return jvm.pid();
    }

    public boolean isRunning() {
        return jvm.isRunning();
    }

    /** SIGTERM (clean Kafka shutdown), wait up to 30 s, then kill. Idempotent. */
    public void stop() {
        jvm.stop();
    }

    /** Stops the broker, then starts it again on the same ports and data. */
    public void restart(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        stop();
        launch(timeout);
    }

    /** Same as {@link #stop()}; also drops the JVM shutdown hook. */
    @Override
    public void close() {
        jvm.close();
    }

    @Override
    public String toString() {
        return "KafkaServer[" + bootstrapServers() + ", pid " + pid() + ", data " + dataDir + "]";
    }

    // ------------------------------------------------------------------------------------------------------------

    private void launch(Duration timeout) throws IOException {
        Path lib = nodeHome.resolve("lib");
        if (!containsNodeJar(lib)) {
            throw new IOException("Kafka node is not built: no kafka-node jar in " + lib
                    + " (run ./mvnw -pl platform/kafka-node package)");
        }
        jvm.ensureFree("port", port);
        jvm.ensureFree("controllerPort", controllerPort);
        jvm.start(arguments(lib), timeout, this::awaitReady);
    }

    private List<String> arguments(Path lib) {
        // the child runs on this JVM's binary, so this JVM's version says which flags it knows
        int feature = Runtime.version().feature();
        List<String> args = new ArrayList<>();
        args.add("-Xms128m");
        args.add("-Xmx512m");
        args.add("-XX:+UseSerialGC");
        args.add("-XX:TieredStopAtLevel=1"); // C1 only: ~30 MB less RSS, less CPU on 2 cores; plenty for a dev broker
        args.add("-XX:+ExitOnOutOfMemoryError");
        args.add("-Djava.awt.headless=true");
        args.add("-Dlog4j2.disable.jmx=true");
        if (feature >= 22) {
            args.add("--enable-native-access=ALL-UNNAMED"); // zstd-jni, snappy, lz4 (JNI warnings on 24+)
        }
        if (feature >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow"); // kafka-clients ByteBufferUnmapper (warning on 24+)
        }
        args.add("-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        args.add("-cp");
        args.add(lib.resolve("*").toString());
        args.add(MAIN_CLASS);
        args.add(dataDir.toString());
        args.add(Integer.toString(port));
        args.add(Integer.toString(controllerPort));
        return args;
    }

    private void awaitReady(ChildJvm.Startup startup) throws IOException, InterruptedException {
        // 1. wait for the listener, without a client spamming connection warnings
        while (!canConnect(port)) {
            startup.check("port " + port + " not open");
            Thread.sleep(100);
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
                startup.check("describeCluster failed: " + lastError);
                long waitMs = Math.max(100, Math.min(5_000, startup.remainingMillis()));
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
                        return;
                    }
                    lastError = "no broker registered yet";
                } catch (ExecutionException | TimeoutException e) {
                    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                    lastError = cause.toString();
                }
                Thread.sleep(200);
            }
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

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " out of range: " + port);
        }
    }
}
