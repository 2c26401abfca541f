package dev.gantry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.gantry.infra.FreePorts;
import dev.gantry.infra.InfraEnvironment;
import dev.gantry.infra.RepoLayout;
import dev.gantry.infra.elasticsearch.ElasticsearchServer;
import dev.gantry.infra.kafka.KafkaServer;
import dev.gantry.infra.postgres.DatabaseProvisioner;
import dev.gantry.infra.postgres.PostgresServer;
import dev.gantry.infra.redis.RedisServerHandle;
import dev.gantry.infra.token.DevTokenIssuer;

/**
 * The real servers a test JVM uses, each started at most once: the ones named by {@code GANTRY_INFRA_*} environment
 * variables (the test command starts one set and hands it to every module), otherwise embedded ones started here on
 * first use. Each JVM gets a database of its own on the server, so modules never see each other's rows.
 */
public final class GantryInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(GantryInfrastructure.class);
    private static final GantryInfrastructure INSTANCE = new GantryInfrastructure();

    public static final String ROLE_PASSWORD = "gantry-test";
    public static final String ISSUER = "https://issuer.gantry.test";
    /** Put before every topic name by this JVM's services (gantry.events.topic-prefix). */
    public static final String TOPIC_PREFIX = "test-" + UUID.randomUUID().toString().substring(0, 8) + ".";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Path workDir;
    private Postgres postgres;
    private Endpoint redis;
    private String kafkaBootstrapServers;
    private String elasticsearchUris;
    private DevTokenIssuer tokens;

    /** Where PostgreSQL is and which database this JVM's tests own. */
    public record Postgres(String host, int port, String database) {
    }

    public record Endpoint(String host, int port) {
    }

    private GantryInfrastructure() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "gantry-test-infra-shutdown"));
    }

    public static GantryInfrastructure get() {
        return INSTANCE;
    }

    public synchronized Postgres postgres() {
        if (postgres == null) {
            String host = InfraEnvironment.get(InfraEnvironment.POSTGRES_HOST);
            int port;
            String admin = PostgresServer.SUPERUSER;
            String adminPassword = null;
            if (host != null) {
                port = Integer.parseInt(require(InfraEnvironment.POSTGRES_PORT));
                admin = orDefault(InfraEnvironment.get(InfraEnvironment.POSTGRES_ADMIN_USER), admin);
                adminPassword = InfraEnvironment.get(InfraEnvironment.POSTGRES_ADMIN_PASSWORD);
            } else {
                host = "127.0.0.1";
                int free = FreePorts.find();
                port = free;
                started.push(timed("PostgreSQL", () -> PostgresServer.start(workDir().resolve("postgres"), free,
                        workDir().resolve("logs/postgres.log"))));
            }
            String database = "gantry_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            DatabaseProvisioner provisioner = new DatabaseProvisioner(host, port, admin, adminPassword);
            try {
                provisioner.provision(database, ROLE_PASSWORD);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot prepare the test database on " + host + ":" + port, e);
            }
            started.push(() -> provisioner.drop(database));
            postgres = new Postgres(host, port, database);
        }
        return postgres;
    }

    /** The PostgreSQL superuser, for tests that look into another service's schema. */
    public static String adminUser() {
        String configured = InfraEnvironment.get(InfraEnvironment.POSTGRES_ADMIN_USER);
        return configured == null ? PostgresServer.SUPERUSER : configured;
    }

    public static String adminPassword() {
        return InfraEnvironment.get(InfraEnvironment.POSTGRES_ADMIN_PASSWORD);
    }

    public synchronized Endpoint redis() {
        if (redis == null) {
            String host = InfraEnvironment.get(InfraEnvironment.REDIS_HOST);
            if (host != null) {
                redis = new Endpoint(host, Integer.parseInt(require(InfraEnvironment.REDIS_PORT)));
            } else {
                int port = FreePorts.find();
                started.push(timed("Redis", () -> RedisServerHandle.start(workDir().resolve("redis"), port,
                        workDir().resolve("logs/redis.log"))));
                redis = new Endpoint("127.0.0.1", port);
            }
        }
        return redis;
    }

    public synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            String configured = InfraEnvironment.get(InfraEnvironment.KAFKA_BOOTSTRAP_SERVERS);
            if (configured != null) {
                kafkaBootstrapServers = configured;
            } else {
                KafkaServer embeddedKafka = timed("Kafka", () -> KafkaServer.start(RepoLayout.locate().kafkaNodeHome(),
                        workDir().resolve("kafka"), FreePorts.find(), FreePorts.find(),
                        workDir().resolve("logs/kafka.log"), Duration.ofSeconds(90)));
                started.push(embeddedKafka);
                kafkaBootstrapServers = embeddedKafka.bootstrapServers();
            }
        }
        return kafkaBootstrapServers;
    }

    public synchronized String elasticsearchUris() {
        if (elasticsearchUris == null) {
            String configured = InfraEnvironment.get(InfraEnvironment.ELASTICSEARCH_URIS);
            if (configured != null) {
                elasticsearchUris = configured;
            } else {
                ElasticsearchServer server = timed("Elasticsearch", () -> ElasticsearchServer.start(
                        RepoLayout.locate().elasticsearchNodeHome(), workDir().resolve("elasticsearch"),
                        FreePorts.find(), workDir().resolve("logs/elasticsearch.log"), Duration.ofSeconds(120)));
                started.push(server);
                elasticsearchUris = server.url();
            }
        }
        return elasticsearchUris;
    }

    /** The test token issuer, its keys served on a loopback port for the services under test to fetch. */
    public synchronized DevTokenIssuer tokens() {
        if (tokens == null) {
            try {
                tokens = DevTokenIssuer.inMemory(ISSUER).serveJwks(0);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot serve the test JWKS", e);
            }
            started.push(tokens);
        }
        return tokens;
    }

    private Path workDir() {
        if (workDir == null) {
            try {
                // under /tmp: zonky's initdb runs as nobody when we are root and must reach the data directory
                workDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "gantry-test-");
                workDir.toFile().setExecutable(true, false);
                workDir.toFile().setReadable(true, false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return workDir;
    }

    private synchronized void shutdown() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("Stopping test infrastructure: {}", e.toString());
            }
        }
        if (workDir != null) {
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> T timed(String what, Starter<T> starter) {
        long begin = System.nanoTime();
        try {
            T result = starter.start();
            log.info("Embedded {} ready in {} ms", what, (System.nanoTime() - begin) / 1_000_000);
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start embedded " + what + " for the tests: " + e.getMessage(), e);
        }
    }

    private static String require(String name) {
        String value = InfraEnvironment.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " must be set alongside the other GANTRY_INFRA_* variables");
        }
        return value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
