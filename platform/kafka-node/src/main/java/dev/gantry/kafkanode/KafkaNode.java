package dev.gantry.kafkanode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a single Apache Kafka node in KRaft combined mode (broker + controller) in this JVM.
 *
 * <pre>
 * java -cp 'target/node/lib/*' [-Dgantry.parent.pid=PID] dev.gantry.kafkanode.KafkaNode DATA_DIR PORT CONTROLLER_PORT [NODE_ID]
 * </pre>
 *
 * <ul>
 *   <li>{@code DATA_DIR/server.properties} is (re)generated on every start from the arguments.</li>
 *   <li>{@code DATA_DIR/kafka-logs} holds the log and metadata dirs. It is formatted once with a random cluster id;
 *       the id then lives in {@code kafka-logs/meta.properties} and is reused on every restart.</li>
 *   <li>SIGTERM runs Kafka's own shutdown hook (clean shutdown, so a restart on the same dir needs no recovery).</li>
 *   <li>With {@code -Dgantry.parent.pid}, the node exits (cleanly) within ~2 s after that process is gone.</li>
 * </ul>
 * Heap and GC flags are the launcher's business.
 */
public final class KafkaNode {

    /** System property naming the pid whose death makes this node exit. */
    public static final String PARENT_PID_PROPERTY = "gantry.parent.pid";

    private static final Logger log = LoggerFactory.getLogger(KafkaNode.class);
    private static final long PARENT_POLL_MILLIS = 2_000;

    private KafkaNode() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: KafkaNode DATA_DIR PORT CONTROLLER_PORT [NODE_ID]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath().normalize();
        int port = parsePort(args[1]);
        int controllerPort = parsePort(args[2]);
        int nodeId = args.length == 4 ? Integer.parseInt(args[3]) : 1;

        watchParent();

        Files.createDirectories(dataDir);
        Path logDir = dataDir.resolve("kafka-logs");
        Path config = dataDir.resolve("server.properties");
        writeAtomically(config, serverProperties(logDir, port, controllerPort, nodeId));

        if (Files.exists(logDir.resolve("meta.properties"))) {
            log.info("Kafka node {}: reusing storage {} (cluster id {})", nodeId, logDir, clusterId(logDir).orElse("?"));
        } else {
            format(config, logDir);
        }

        log.info("Kafka node {}: starting, PLAINTEXT 127.0.0.1:{}, CONTROLLER 127.0.0.1:{}, pid {}",
                nodeId, port, controllerPort, ProcessHandle.current().pid());
        // Installs Kafka's shutdown hook (SIGTERM -> clean shutdown), starts, blocks until shutdown, then exits.
        kafka.Kafka.main(new String[] {config.toString()});
    }

    static String serverProperties(Path logDir, int port, int controllerPort, int nodeId) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        // Static voter set: only the node id is persisted, so the controller port may change between runs.
        p.setProperty("controller.quorum.voters", nodeId + "@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());

        // Topics: services create their own.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "6");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("delete.topic.enable", "true");

        // Internal topics on one node.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "6");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");

        // Small footprint: 2 cores, a few hundred MB of heap.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("num.replica.fetchers", "1");
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024)); // default 128 MB of heap
        p.setProperty("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.setProperty("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        p.setProperty("log.retention.hours", "168");
        p.setProperty("metadata.log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.setProperty("metadata.max.retention.bytes", Integer.toString(64 * 1024 * 1024));
        return toText(p);
    }

    private static void format(Path config, Path logDir) throws IOException {
        String clusterId = Uuid.randomUuid().toString();
        log.info("Kafka: formatting {} with new cluster id {}", logDir, clusterId);
        int rc = kafka.tools.StorageTool.execute(
                new String[] {"format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"},
                System.out);
        if (rc != 0) {
            throw new IOException("kafka-storage format of " + logDir + " failed with exit code " + rc);
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            throw new IOException("kafka-storage format did not write " + logDir.resolve("meta.properties"));
        }
    }

    private static Optional<String> clusterId(Path logDir) {
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(logDir.resolve("meta.properties"))) {
            meta.load(in);
            return Optional.ofNullable(meta.getProperty("cluster.id"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Exits (running Kafka's shutdown hook) once the process named by -Dgantry.parent.pid is gone. */
    private static void watchParent() {
        String pidText = System.getProperty(PARENT_PID_PROPERTY);
        if (pidText == null || pidText.isBlank()) {
            return;
        }
        long pid = Long.parseLong(pidText.trim());
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            log.warn("Parent process {} is not running; exiting", pid);
            System.exit(3);
        }
        // Guards against pid reuse: the process we watch must keep the same start time.
        Optional<Instant> started = parent.get().info().startInstant();
        Thread watcher = new Thread(() -> {
            while (true) {
                try {
                    TimeUnit.MILLISECONDS.sleep(PARENT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ProcessHandle> now = ProcessHandle.of(pid);
                boolean alive = now.isPresent() && now.get().isAlive()
                        && (started.isEmpty() || started.equals(now.get().info().startInstant()));
                if (!alive) {
                    log.warn("Parent process {} is gone; shutting Kafka down", pid);
                    System.exit(0); // runs Kafka's shutdown hook
                    return;
                }
            }
        }, "gantry-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static int parsePort(String text) {
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + text);
        }
        return port;
    }

    private static String toText(Properties p) {
        StringBuilder sb = new StringBuilder("# Generated by dev.gantry.kafkanode.KafkaNode on every start; edits are lost.\n");
        p.stringPropertyNames().stream().sorted()
                .forEach(k -> sb.append(k).append('=').append(escape(p.getProperty(k))).append('\n'));
        return sb.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
