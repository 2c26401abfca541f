package dev.gantry.infra.elasticsearch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gantry.infra.ChildJvm;

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

    static final String MAIN_CLASS = "dev.gantry.esnode.ElasticsearchNode";
    static final String LAUNCHER_JAR = "launcher/elasticsearch-node.jar";
    /** Heap of the child JVM (-Xms = -Xmx); override with {@code -Dgantry.es.heap=...}. */
    static final String HEAP_PROPERTY = "gantry.es.heap";
    static final String DEFAULT_HEAP = "512m";
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern PROCESS_ID = Pattern.compile("\"process\"\\s*:\\s*\\{[^}]*\"id\"\\s*:\\s*(\\d+)");

    private final Path nodeHome;
    private final Path dataDir;
    private final int httpPort;
    private final Path logFile;
    private final ChildJvm jvm;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private ElasticsearchServer(Path nodeHome, Path dataDir, int httpPort, Path logFile) {
        this.nodeHome = nodeHome.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.httpPort = httpPort;
        this.logFile = logFile.toAbsolutePath().normalize();
        // as Elasticsearch's own launcher does: all JVM options come from the command line
        this.jvm = new ChildJvm(ElasticsearchServer.class, "Elasticsearch", url(), this.dataDir, this.logFile,
                Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
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
        server.launch(timeout);
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
        return jvm.pid();
    }

    public boolean isRunning() {
        return jvm.isRunning();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGTERM (the node closes cleanly), wait up to 30 s, then kill. Idempotent. */
    public void stop() {
        jvm.stop();
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
        jvm.close();
    }

    @Override
    public String toString() {
        return "ElasticsearchServer[" + url() + ", pid " + pid() + ", data " + dataDir + "]";
    }

    // ------------------------------------------------------------------------------------------------------------

    private void launch(Duration timeout) throws IOException {
        checkNodeHome();
        if (Runtime.version().feature() < 21) {
            throw new IOException("Elasticsearch 9 needs Java 21+, this JVM is " + Runtime.version());
        }
        jvm.ensureFree("HTTP port", httpPort);
        Files.createDirectories(dataDir.resolve("tmp"));
        jvm.start(arguments(), timeout, this::awaitReady);
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

    /** The child's {@code java} arguments; JVM flags follow Elasticsearch's system JVM options where they matter. */
    List<String> arguments() {
        String heap = System.getProperty(HEAP_PROPERTY, DEFAULT_HEAP);
        List<String> args = new ArrayList<>();
        args.add("-Xms" + heap);
        args.add("-Xmx" + heap);
        args.add("-Xss1m");
        args.add("-XX:+UseSerialGC");
        args.add("-XX:+ExitOnOutOfMemoryError");
        args.add("-XX:-OmitStackTraceInFastThrow");
        args.add("-Djava.awt.headless=true");
        args.add("-Dfile.encoding=UTF-8");
        args.add("-Djava.locale.providers=CLDR");
        args.add("-Djava.io.tmpdir=" + dataDir.resolve("tmp"));
        args.add("-Dlog4j2.formatMsgNoLookups=true");
        args.add("-Dlog4j.shutdownHookEnabled=false");
        args.add("-Dlog4j2.disable.jmx=true");
        args.add("-Dio.netty.noUnsafe=true");
        args.add("-Dio.netty.noKeySetOptimization=true");
        args.add("-Dio.netty.recycler.maxCapacityPerThread=0");
        args.add("-Des.distribution.type=tar");
        args.add("-Des.path.home=" + nodeHome);
        // libzstd.so (linked from the OS by the node itself) lives here; the vector library is not published
        args.add("-Des.nativelibs.path=" + nodeHome.resolve("native"));
        args.add("-Dorg.elasticsearch.nativeaccess.enableVectorLibrary=false");
        args.add("--enable-native-access=org.elasticsearch.nativeaccess,org.apache.lucene.core");
        args.add("--module-path");
        args.add(nodeHome.resolve("lib").toString());
        args.add("--add-modules");
        args.add("ALL-MODULE-PATH,jdk.incubator.vector");
        args.add("-cp");
        args.add(nodeHome.resolve(LAUNCHER_JAR).toString());
        args.add(MAIN_CLASS);
        args.add("--home=" + nodeHome);
        args.add("--data=" + dataDir);
        args.add("--http-port=" + httpPort);
        args.add("--transport-port=0");
        args.add("--cluster-name=gantry-local");
        args.add("--node-name=gantry-es-" + httpPort);
        args.add("--parent-pid=" + ProcessHandle.current().pid());
        return args;
    }

    private void awaitReady(ChildJvm.Startup startup) throws IOException, InterruptedException {
        String lastError = "no answer";
        while (true) {
            startup.check(lastError);
            try {
                HttpResponse<String> root = get("/");
                if (root.statusCode() != 200) {
                    lastError = "GET / answered " + root.statusCode();
                } else {
                    // the node answering must be our child, not a leftover on the same port
                    HttpResponse<String> nodes = get("/_nodes/_local/process?filter_path=nodes.*.process.id");
                    Matcher pid = PROCESS_ID.matcher(nodes.body());
                    if (nodes.statusCode() == 200 && pid.find() && Long.parseLong(pid.group(1)) != startup.pid()) {
                        throw new IOException("another Elasticsearch (pid " + pid.group(1) + ") answers on " + url());
                    }
                    HttpResponse<String> health = get("/_cluster/health?wait_for_status=yellow&timeout=1s");
                    Matcher status = STATUS.matcher(health.body());
                    String s = status.find() ? status.group(1) : "unknown";
                    if (health.statusCode() == 200 && ("yellow".equals(s) || "green".equals(s))) {
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
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
