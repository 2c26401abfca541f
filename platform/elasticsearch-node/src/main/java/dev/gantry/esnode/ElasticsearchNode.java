package dev.gantry.esnode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

/**
 * Runs one single-node Elasticsearch server in this JVM, built from the jars laid out by this module's build in
 * {@code target/node} (server and dependencies on the module path, modules under {@code <home>/modules}).
 *
 * <p>The official bootstrap ({@code org.elasticsearch.bootstrap.Elasticsearch}) is not used: it refuses to run as root
 * and needs the entitlement agent, which is not published. Instead this class configures logging, loads the modules
 * with a {@link PluginsLoader} and constructs and starts a {@link Node} directly, the way the bootstrap's phase 3 does.
 *
 * <p>Options, each as {@code --name=value} argument or {@code -Dgantry.es.name=value} system property:
 * <ul>
 *   <li>{@code home}: the node home (default: {@code es.path.home}, else the parent of this jar's folder)</li>
 *   <li>{@code data}: data directory; {@code data/} and {@code logs/} are created below it (required)</li>
 *   <li>{@code es.nativelibs.path} (system property only): where {@code libzstd.so} is looked up; default
 *       {@code <home>/native} (or {@code <data>/native} if the home is read-only); the OS libzstd is linked there
 *       if it holds none</li>
 *   <li>{@code http-port}: HTTP port (default 9200)</li>
 *   <li>{@code transport-port}: transport port (default 0: any free port)</li>
 *   <li>{@code node-name}: default {@code gantry-es}</li>
 *   <li>{@code cluster-name}: default {@code gantry-local}</li>
 *   <li>{@code parent-pid}: exit (cleanly) when this process is gone</li>
 * </ul>
 *
 * <p>SIGTERM closes the node cleanly (shutdown hook), so indexed data survives restarts.
 */
public final class ElasticsearchNode {

    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static volatile Node node;

    private ElasticsearchNode() {}

    public static void main(String[] args) {
        try {
            run(parseOptions(args));
        } catch (Throwable t) {
            System.err.println("gantry-es: failed to start Elasticsearch: " + t);
            t.printStackTrace();
            System.err.flush();
            // let the shutdown hook close whatever was started
            System.exit(1);
        }
        try {
            STOPPED.await(); // ES threads are daemon threads: keep the JVM alive until shut down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(Map<String, String> options) throws Exception {
        Path home = Path.of(option(options, "home", System.getProperty("es.path.home", defaultHome()))).toAbsolutePath().normalize();
        String dataOption = option(options, "data", null);
        if (dataOption == null) {
            throw new IllegalArgumentException("missing --data=<dir> (or -Dgantry.es.data)");
        }
        Path dataDir = Path.of(dataOption).toAbsolutePath().normalize();
        int httpPort = Integer.parseInt(option(options, "http-port", "9200"));
        String transportPort = option(options, "transport-port", "0");
        String nodeName = option(options, "node-name", "gantry-es");
        String clusterName = option(options, "cluster-name", "gantry-local");
        String parentPid = option(options, "parent-pid", null);

        if (!Files.isDirectory(home.resolve("modules"))) {
            throw new IllegalStateException("not an Elasticsearch node home (no modules/): " + home);
        }
        Files.createDirectories(dataDir.resolve("data"));
        Files.createDirectories(dataDir.resolve("logs"));
        System.setProperty("es.path.home", home.toString());
        String nativeLibs = System.getProperty("es.nativelibs.path");
        Path nativeDir = nativeLibs != null && !nativeLibs.isBlank() ? Path.of(nativeLibs) : home.resolve("native");
        try {
            nativeDir = prepareNativeLibs(nativeDir.toAbsolutePath());
        } catch (IOException e) { // e.g. a read-only home
            nativeDir = prepareNativeLibs(dataDir.resolve("native"));
        }
        System.setProperty("es.nativelibs.path", nativeDir.toString());

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", dataDir.resolve("data").toString())
            .put("path.logs", dataDir.resolve("logs").toString())
            .put("cluster.name", clusterName)
            .put("node.name", nodeName)
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            // small dev disks must not turn indices read-only
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(nodeName);
        Environment environment = new Environment(settings, home.resolve("config"));
        LogConfigurator.configure(environment, true);
        Logger log = LogManager.getLogger(ElasticsearchNode.class);
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            log.error("uncaught exception in thread [" + thread.getName() + "]", e);
            if (e instanceof Error) {
                Runtime.getRuntime().halt(1); // as Elasticsearch does: the node is in an unknown state
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(ElasticsearchNode::shutdown, "gantry-es-shutdown"));

        log.info("starting Elasticsearch node [{}] home [{}] data [{}] http port [{}] java [{}]",
            nodeName, home, dataDir, httpPort, Runtime.version());
        var modules = PluginsLoader.loadModulesBundles(environment.modulesDir());
        PluginsLoader pluginsLoader = PluginsLoader.createPluginsLoader(modules, Set.of(), Map.of());
        Node created = new Node(environment, pluginsLoader);
        node = created;
        created.start();
        log.info("Elasticsearch node [{}] started", nodeName);

        if (parentPid != null) {
            watchParent(Long.parseLong(parentPid), log);
        }
    }

    private static void shutdown() {
        Node current = node;
        try {
            if (current != null) {
                current.prepareForClose();
                current.close();
                if (!current.awaitClose(10, TimeUnit.SECONDS)) {
                    System.err.println("gantry-es: node did not stop within 10 seconds");
                }
            }
        } catch (IOException e) {
            System.err.println("gantry-es: failure while closing the node: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (LogManager.getContext(false) instanceof LoggerContext context) {
                Configurator.shutdown(context);
            }
            STOPPED.countDown();
        }
    }

    /** Exits (running the shutdown hook) when the launching process is gone, so no orphan node is left behind. */
    private static void watchParent(long parentPid, Logger log) {
        Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            log.warn("parent process {} is gone; stopping", parentPid);
            System.exit(0);
        }
        Thread watcher = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
                if (!parent.get().isAlive()) {
                    log.warn("parent process {} is gone; stopping", parentPid);
                    System.exit(0);
                }
            }
        }, "gantry-es-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Elasticsearch loads libzstd from {@code es.nativelibs.path}; the official distribution ships its own build.
     * Here the OS library (Debian libzstd1) is linked in as {@code libzstd.so}. Without it the node still runs
     * (it logs a warning and falls back).
     */
    private static Path prepareNativeLibs(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path link = dir.resolve("libzstd.so");
        if (Files.exists(link)) {
            return dir;
        }
        Files.deleteIfExists(link); // dangling link
        Optional<Path> zstd = findLibzstd();
        if (zstd.isPresent()) {
            try {
                Files.createSymbolicLink(link, zstd.get());
            } catch (FileAlreadyExistsException e) {
                // another node linked it concurrently
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(zstd.get(), link, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            System.err.println("gantry-es: libzstd not found (install libzstd1); zstd compression will be unavailable");
        }
        return dir;
    }

    private static Optional<Path> findLibzstd() {
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process process = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String arch = System.getProperty("os.arch");
                    String wanted = "aarch64".equals(arch) ? "AArch64" : "x86-64";
                    Optional<Path> found = reader.lines()
                        .map(String::trim)
                        .filter(line -> line.startsWith("libzstd.so") && line.contains(wanted) && line.contains("=>"))
                        .map(line -> Path.of(line.substring(line.indexOf("=>") + 2).trim()))
                        .filter(Files::isReadable)
                        .findFirst();
                    process.waitFor(5, TimeUnit.SECONDS);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            } catch (IOException e) {
                // try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (String candidate : List.of(
            "/lib/x86_64-linux-gnu/libzstd.so.1", "/usr/lib/x86_64-linux-gnu/libzstd.so.1",
            "/lib/aarch64-linux-gnu/libzstd.so.1", "/usr/lib/aarch64-linux-gnu/libzstd.so.1",
            "/usr/lib64/libzstd.so.1", "/usr/lib/libzstd.so.1")) {
            Path path = Path.of(candidate);
            if (Files.isReadable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got: " + arg);
            }
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static String option(Map<String, String> options, String name, String defaultValue) {
        String value = options.get(name);
        if (value == null) {
            value = System.getProperty("gantry.es." + name);
        }
        return value != null && !value.isBlank() ? value : defaultValue;
    }

    /** {@code <home>/launcher/elasticsearch-node.jar} -> {@code <home>}. */
    private static String defaultHome() {
        try {
            Path jar = Path.of(ElasticsearchNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.getParent();
            return parent != null && parent.getParent() != null ? parent.getParent().toString() : ".";
        } catch (URISyntaxException | RuntimeException e) {
            return ".";
        }
    }
}
