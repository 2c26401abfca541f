package dev.gantry.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.gantry.infra.RepoLayout;
import dev.gantry.infra.elasticsearch.ElasticsearchServer;
import dev.gantry.infra.kafka.KafkaServer;
import dev.gantry.infra.postgres.PostgresServer;
import dev.gantry.infra.redis.RedisServerHandle;

/** PostgreSQL, Redis, Kafka and Elasticsearch, started in order and stopped in reverse. */
final class InfrastructureSet implements AutoCloseable {

    /** The ports of one set. */
    record Ports(int postgres, int redis, int kafka, int kafkaController, int elasticsearch) {
    }

    private final Deque<Stoppable> started = new ArrayDeque<>();
    private final Ports ports;

    private interface Stoppable {
        void stop() throws Exception;
    }

    private InfrastructureSet(Ports ports) {
        this.ports = ports;
    }

    Ports ports() {
        return ports;
    }

    /**
     * Starts every server, reporting progress; on the first failure stops what had started and throws.
     *
     * @param postgresData where PostgreSQL keeps its data (must be reachable by {@code nobody} when run as root)
     */
    static InfrastructureSet start(RepoLayout repo, Path dataDir, Path postgresData, Path logDir, Ports ports)
            throws StartFailure {
        InfrastructureSet set = new InfrastructureSet(ports);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("postgres.log");
            PostgresServer postgres = set.start("postgres", ports.postgres(), log,
                    () -> PostgresServer.start(postgresData, ports.postgres(), log));
            set.started.push(postgres::close);

            Path redisLog = logDir.resolve("redis.log");
            RedisServerHandle redis = set.start("redis", ports.redis(), redisLog,
                    () -> RedisServerHandle.start(dataDir.resolve("redis"), ports.redis(), redisLog));
            set.started.push(redis::close);

            Path kafkaLog = logDir.resolve("kafka.log");
            KafkaServer kafka = set.start("kafka", ports.kafka(), kafkaLog,
                    () -> KafkaServer.start(repo.kafkaNodeHome(), dataDir.resolve("kafka"), ports.kafka(),
                            ports.kafkaController(), kafkaLog, Duration.ofSeconds(120)));
            set.started.push(kafka::stop);

            Path esLog = logDir.resolve("elasticsearch.log");
            ElasticsearchServer elasticsearch = set.start("elasticsearch", ports.elasticsearch(), esLog,
                    () -> ElasticsearchServer.start(repo.elasticsearchNodeHome(), dataDir.resolve("elasticsearch"),
                            ports.elasticsearch(), esLog, Duration.ofSeconds(180)));
            set.started.push(elasticsearch::stop);
            return set;
        } catch (StartFailure | IOException e) {
            set.close();
            throw e instanceof StartFailure failure ? failure : new StartFailure(e.getMessage());
        }
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private <T> T start(String name, int port, Path log, Starter<T> starter) throws StartFailure {
        long begin = System.nanoTime();
        Console.step(name, "starting on 127.0.0.1:" + port + " ...");
        try {
            T server = starter.start();
            Console.step(name, "ready in " + Console.seconds(begin));
            return server;
        } catch (Exception e) {
            Console.failed(name, e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""),
                    log);
            throw new StartFailure(name + " did not start");
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().stop();
            } catch (Exception e) {
                Console.line("  could not stop cleanly: " + e.getMessage());
            }
        }
    }

    /** A component did not start; the console already says why. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }
}
