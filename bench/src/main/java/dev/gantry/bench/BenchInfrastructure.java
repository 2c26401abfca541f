package dev.gantry.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;

import dev.gantry.infra.FreePorts;
import dev.gantry.infra.RepoLayout;
import dev.gantry.infra.kafka.KafkaServer;
import dev.gantry.infra.postgres.DatabaseProvisioner;
import dev.gantry.infra.postgres.PostgresServer;

/**
 * The benchmark's own servers: an embedded PostgreSQL and a single-node Kafka under a fresh /tmp directory, a
 * database provisioned like the platform's (owner and runtime roles of the {@code projects} schema), migrated by
 * Flyway as the owner with common-lib's {@code db/common} and the benchmark's {@code db/bench} migrations, and a
 * connection pool of the runtime role, which owns nothing, so row-level security applies as in a service.
 *
 * <p>Client settings are those of every service: read from common-lib's {@code gantry-defaults.properties}.
 */
final class BenchInfrastructure implements AutoCloseable {

    static final String SCHEMA = "projects";
    static final String DATABASE = "gantry_bench";
    static final String ROLE_PASSWORD = "gantry-bench";

    final Path workDir;
    final PostgresServer postgres;
    final KafkaServer kafka;
    final HikariDataSource dataSource;
    final Properties defaults;
    private volatile boolean closed;

    private BenchInfrastructure(Path workDir, PostgresServer postgres, KafkaServer kafka, HikariDataSource dataSource,
            Properties defaults) {
        this.workDir = workDir;
        this.postgres = postgres;
        this.kafka = kafka;
        this.dataSource = dataSource;
        this.defaults = defaults;
    }

    static BenchInfrastructure start() throws Exception {
        Properties defaults = loadDefaults();
        Path workDir = Files.createTempDirectory(Path.of("/tmp"), "gantry-bench-");
        // zonky runs initdb as nobody when we are root: the data directory's parents must be traversable by others
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path logs = workDir.resolve("logs");
        CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(() -> {
            try {
                return PostgresServer.start(workDir.resolve("postgres"), FreePorts.find(),
                        logs.resolve("postgres.log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        KafkaServer kafka;
        try {
            kafka = KafkaServer.start(RepoLayout.locate().kafkaNodeHome(), workDir.resolve("kafka"),
                    FreePorts.find(), FreePorts.find(), logs.resolve("kafka.log"), Duration.ofSeconds(120));
        } catch (IOException | RuntimeException e) {
            postgres.handle((p, f) -> closeQuietly(p));
            throw e;
        }
        PostgresServer pg;
        try {
            pg = postgres.join();
        } catch (CompletionException e) {
            kafka.close();
            throw new IOException("PostgreSQL did not start (log: " + logs.resolve("postgres.log") + ")",
                    e.getCause());
        }
        try {
            HikariDataSource dataSource = prepareDatabase(pg, defaults);
            return new BenchInfrastructure(workDir, pg, kafka, dataSource, defaults);
        } catch (Exception e) {
            kafka.close();
            pg.close();
            throw e;
        }
    }

    private static HikariDataSource prepareDatabase(PostgresServer pg, Properties defaults) throws SQLException {
        new DatabaseProvisioner("127.0.0.1", pg.port(), PostgresServer.SUPERUSER, null)
                .provision(DATABASE, ROLE_PASSWORD);
        String url = pg.jdbcUrl(DATABASE);
        String synchronousCommit = System.getProperty("bench.synchronousCommit");
        if (synchronousCommit != null) { // zonky starts PostgreSQL with synchronous_commit=off; PostgreSQL's default is on
            if (!synchronousCommit.matches("on|off|local|remote_write|remote_apply")) {
                throw new IllegalArgumentException("bench.synchronousCommit: on, off, local, ...: " + synchronousCommit);
            }
            try (var admin = java.sql.DriverManager.getConnection(url, PostgresServer.SUPERUSER, null);
                    var statement = admin.createStatement()) {
                statement.execute("alter database " + DATABASE + " set synchronous_commit = " + synchronousCommit);
            }
        }
        Flyway.configure()
                .dataSource(url, DatabaseProvisioner.ownerRole(SCHEMA), ROLE_PASSWORD)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .placeholders(Map.of("appRole", DatabaseProvisioner.appRole(SCHEMA)))
                .locations("classpath:db/common", "classpath:db/bench")
                .load()
                .migrate();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(DatabaseProvisioner.appRole(SCHEMA));
        dataSource.setPassword(ROLE_PASSWORD);
        dataSource.setSchema(SCHEMA);
        dataSource.setMaximumPoolSize(Integer.parseInt(defaults.getProperty("spring.datasource.hikari.maximum-pool-size",
                "10")));
        dataSource.setConnectionTimeout(Long.parseLong(defaults.getProperty("spring.datasource.hikari.connection-timeout",
                "30000")));
        dataSource.setPoolName("bench");
        return dataSource;
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    String appRole() {
        return DatabaseProvisioner.appRole(SCHEMA);
    }

    /** A service's producer settings: {@code spring.kafka.producer.acks} and {@code .properties.*}. */
    Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String acks = defaults.getProperty("spring.kafka.producer.acks");
        if (acks != null) {
            props.put(ProducerConfig.ACKS_CONFIG, acks);
        }
        copyPrefixed("spring.kafka.producer.properties.", props);
        return props;
    }

    /** A service's consumer settings: auto-offset-reset, enable-auto-commit and {@code .properties.*}. */
    Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        String reset = defaults.getProperty("spring.kafka.consumer.auto-offset-reset");
        if (reset != null) {
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, reset);
        }
        String autoCommit = defaults.getProperty("spring.kafka.consumer.enable-auto-commit");
        if (autoCommit != null) {
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, autoCommit);
        }
        copyPrefixed("spring.kafka.consumer.properties.", props);
        return props;
    }

    void createTopics(List<String> topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private void copyPrefixed(String prefix, Map<String, Object> into) {
        for (String name : defaults.stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                into.put(name.substring(prefix.length()), defaults.getProperty(name));
            }
        }
    }

    private static Properties loadDefaults() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = BenchInfrastructure.class.getClassLoader()
                .getResourceAsStream("gantry-defaults.properties")) {
            if (in == null) {
                throw new IOException("common-lib's gantry-defaults.properties is not on the classpath");
            }
            defaults.load(in);
        }
        return defaults;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dataSource.close();
        kafka.stop(); // blocks until the broker exited (also when its own shutdown hook is stopping it right now)
        closeQuietly(kafka);
        closeQuietly(postgres);
        for (int attempt = 0; attempt < 20 && Files.exists(workDir); attempt++) {
            try (var paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a server was still writing: try again
            }
            if (Files.exists(workDir)) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (Files.exists(workDir)) {
            System.err.println("Could not delete " + workDir);
        }
    }

    private static Void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("Stopping " + closeable + ": " + e);
            }
        }
        return null;
    }
}
