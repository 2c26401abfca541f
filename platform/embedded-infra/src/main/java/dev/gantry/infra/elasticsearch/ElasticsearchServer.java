package dev.gantry.infra.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch 9.2 server in its own child JVM, from the node home laid out by the
 * {@code platform/elasticsearch-node} module ({@code dev.gantry.esnode.ElasticsearchNode}) in
 * {@code platform/elasticsearch-node/target/node}.
 *
 * <p>The child runs on the same {@code java} binary as this process (JDK 21+), with the server on the JVM module
 * path, HTTP on {@code 127.0.0.1:httpPort}, an ephemeral transport port, cluster name {@code gantry-local}, and its
 * data and logs under {@code dataDir} (kept across {@link #restart(Duration)} and across {@code start} calls on the
 * same directory). It exits by itself if this process dies, and a JVM shutdown hook stops it on normal exit.
 *
 * <p>Not available in this node (their modules are not published): painless scripts, update/delete-by-query,
 * reindex, analysis-common's extra analyzers, ingest-geoip, x-pack.
 */
public final class ElasticsearchServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchServer.class);

    static final String MAIN_CLASS = "dev.gantry.esnode.ElasticsearchNode";
    static final String LAUNCHER_JAR = "launcher/elasticsearch-node.jar";
    /** Heap of the child JVM (-Xms = -Xmx); override with {@code -Dgantry.es.heap=...}. */
    static final String HEAP_PROPERTY = "gantry.es.heap";
    static final String DEFAULT_HEAP = "512m";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 30;
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern PROCESS_ID = Pattern.compile("\"process\"\\s*:\\s*\\{[^}]*\"id\"\\s*:\\s*(\\d+)");

    private final Path nodeHome;
    private final Path dataDir;
    private final int httpPort;
    private final Path logFile;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private volatile Process process;
    private volatile long lastPid = -1;
    private boolean hookRegistered;

    private ElasticsearchServer(Path nodeHome, Path dataDir, int httpPort, Path logFile) {
        this.nodeHome = nodeHome.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.httpPort = httpPort;
        this.logFile = logFile.toAbsolutePath().normalize();
        this.shutdownHook = new Thread(this::stop, "gantry-es-stop-" + httpPort);
    }

    /**
     * Starts the node and blocks until {@code GET /} answers 200 and cluster health is at least yellow.
     *
     * @param nodeHome {@code platform/elasticsearch-node/target/node} (must contain {@code lib/})
     * @param dataDir  created if missing; survives restarts ({@code data/}, {@code logs/} and {@code tmp/} are kept
     *                 below it)
     * @param httpPort HTTP port on 127.0.0.1
     * @param logFile  receives the child's stdout and stderr (appended)
     * @param timeout  how long to wait for the node to answer
     * @throws IOException if the node home is not built, the port is taken, or the node does not come up in time
     *                     (the child is then killed and the message carries the last lines of its log)
     */
    public static ElasticsearchServer start(Path nodeHome, Path dataDir, int httpPort, Path logFile, Duration timeout)
            throws IOException {
        Objects.requireNonNull(nodeHome, "nodeHome");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(timeout, "timeout");
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort out of range: " + httpPort);
        }
        ElasticsearchServer server = new ElasticsearchServer(nodeHome, dataDir, httpPort, logFile);
        try {
            server.launch(timeout);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Pid of the running child, or of the last one if the node is stopped. */
    public long pid() {
        return lastPid;
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM (the node closes cleanly), wait up to 30 s, then kill. Idempotent. */
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

    /** Stops the node, then starts it again on the same port and data. */
    public void restart(Duration timeout) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        stop();
        launch(timeout);
    }

    /** Same as {@link #stop()}; also drops the JVM shutdown hook. */
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
        return "ElasticsearchServer[" + url() + ", pid " + lastPid + ", data " + dataDir + "]";
    }

    // ------------------------------------------------------------------------------------------------------------

    private void launch(Duration timeout) throws IOException {
        checkNodeHome();
        if (Runtime.version().feature() < 21) {
            throw new IOException("Elasticsearch 9 needs Java 21+, this JVM is " + Runtime.version());
        }
        ensureFree(httpPort);
        Files.createDirectories(dataDir.resolve("tmp"));
        if (logFile.getParent() != null) {
            Files.createDirectories(logFile.getParent());
        }

        List<String> command = command();
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        Files.writeString(logFile, "==== " + Instant.now() + " ElasticsearchServer starting: " + String.join(" ", command)
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("CLASSPATH");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
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
            throw new IOException("Elasticsearch " + url() + " (pid " + p.pid() + ") did not start: " + e.getMessage()
                    + "\n---- last lines of " + logFile + " ----\n" + logTail(logStart), e);
        }
        log.info("Elasticsearch started on {} (pid {}, data {}) in {} ms", url(), p.pid(), dataDir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void checkNodeHome() throws IOException {
        String hint = " (run ./mvnw -pl platform/elasticsearch-node package)";
        Path lib = nodeHome.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IOException("Elasticsearch node is not built: " + lib + " is missing" + hint);
        }
        for (Path required : List.of(nodeHome.resolve(LAUNCHER_JAR),
                nodeHome.resolve("modules/transport-netty4/plugin-descriptor.properties"),
                nodeHome.resolve("modules/gantry-rest-root/plugin-descriptor.properties"))) {
            if (!Files.isRegularFile(required)) {
                throw new IOException("Elasticsearch node home is incomplete: " + required + " is missing" + hint);
            }
        }
    }

    /** The child's command line; JVM flags follow Elasticsearch's own system JVM options where they matter. */
    List<String> command() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String heap = System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP);
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        cmd.add("-Xss1m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-XX:-OmitStackTraceInFastThrow");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dfile.encoding=UTF-8");
        cmd.add("-Djava.locale.providers=CLDR");
        cmd.add("-Djava.io.tmpdir=" + dataDir.resolve("tmp"));
        cmd.add("-Dlog4j2.formatMsgNoLookups=true");
        cmd.add("-Dlog4j.shutdownHookEnabled=false");
        cmd.add("-Dlog4j2.disable.jmx=true");
        cmd.add("-Dio.netty.noUnsafe=true");
        cmd.add("-Dio.netty.noKeySetOptimization=true");
        cmd.add("-Dio.netty.recycler.maxCapacityPerThread=0");
        cmd.add("-Des.distribution.type=tar");
        cmd.add("-Des.path.home=" + nodeHome);
        // libzstd.so (linked from the OS by the node itself) lives here; the vector library is not published
        cmd.add("-Des.nativelibs.path=" + nodeHome.resolve("native"));
        cmd.add("-Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false");
        cmd.add("--enable-native-access=org.elasticsearch.nativeaccess,org.apache.lucene.core");
        cmd.add("--module-path");
        cmd.add(nodeHome.resolve("lib").toString());
        cmd.add("--add-modules");
        cmd.add("ALL-MODULE-PATH,jdk.incubator.vector");
        cmd.add("-cp");
        cmd.add(nodeHome.resolve(LAUNCHER_JAR).toString());
        cmd.add(MAIN_CLASS);
        cmd.add("--home=" + nodeHome);
        cmd.add("--data=" + dataDir);
        cmd.add("--http-port=" + httpPort);
        cmd.add("--transport-port=0");
        cmd.add("--cluster-name=gantry-local");
        cmd.add("--node-name=gantry-es-" + httpPort);
        cmd.add("--parent-pid=" + ProcessHandle.current().pid());
        return cmd;
    }

    private void awaitReady(Process p, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "no answer";
        while (true) {
            checkAlive(p);
            checkDeadline(deadline, timeout, lastError);
            try {
                HttpResponse<String> root = get("/");
                if (root.statusCode() != 200) {
                    lastError = "GET / answered " + root.statusCode();
                } else {
                    // the node answering must be our child, not a leftover on the same port
                    HttpResponse<String> nodes = get("/_nodes/_local/process?filter_path=nodes.*.process.id");
                    Matcher pid = PROCESS_ID.matcher(nodes.body());
                    if (nodes.statusCode() == 200 && pid.find() && Long.parseLong(pid.group(1)) != p.pid()) {
                        throw new IOException("another Elasticsearch (pid " + pid.group(1) + ") answers on " + url());
                    }
                    HttpResponse<String> health = get("/_cluster/health?wait_for_status=yellow&timeout=1s");
                    Matcher status = STATUS.matcher(health.body());
                    String s = status.find() ? status.group(1) : "unknown";
                    if (health.statusCode() == 200 && ("yellow".equals(s) || "green".equals(s))) {
                        checkAlive(p);
                        return;
                    }
                    lastError = "cluster health " + s + " (HTTP " + health.statusCode() + ")";
                }
            } catch (ConnectException e) {
                lastError = "HTTP port " + httpPort + " not open";
            } catch (IOException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("another Elasticsearch")) {
                    throw e;
                }
                lastError = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for Elasticsearch", e);
            }
            sleep(200);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void checkAlive(Process p) throws IOException {
        if (!p.isAlive()) {
            throw new IOException("the Elasticsearch JVM exited with code " + p.exitValue());
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
        p.destroy(); // SIGTERM: the node's shutdown hook closes it cleanly
        if (!waitQuietly(p, STOP_GRACE)) {
            log.warn("Elasticsearch (pid {}) did not stop within {} s; killing it", p.pid(), STOP_GRACE.toSeconds());
            p.destroyForcibly();
            waitQuietly(p, Duration.ofSeconds(10));
        }
        log.info("Elasticsearch on {} (pid {}) stopped in {} ms", url(), p.pid(),
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
            ch.position(Math.max(fromOffset, size - 64 * 1024));
            InputStream in = Channels.newInputStream(ch);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = Arrays.asList(text.split("\\R"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    private static void ensureFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            throw new IOException("Elasticsearch HTTP port 127.0.0.1:" + port
                    + " is already in use (another Elasticsearch still running on this data dir or port?)", e);
        }
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Elasticsearch", e);
        }
    }
}
