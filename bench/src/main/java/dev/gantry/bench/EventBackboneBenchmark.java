package dev.gantry.bench;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.Ids;
import dev.gantry.common.events.EventConsumers;
import dev.gantry.common.events.EventDispatcher;
import dev.gantry.common.events.EventHandler;
import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.common.events.EventsProperties;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.events.OutboxRelay;
import dev.gantry.common.tenant.TenantAwareTransactionManager;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.trace.TraceContext;
import dev.gantry.events.EventEnvelope;
import dev.gantry.events.Topics;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;

/**
 * Benchmarks Gantry's event backbone on embedded PostgreSQL and Kafka: the cost of recording an event in the
 * outbox, and the latency from a producer's commit to a consumer's committed effect, against a plain Kafka round
 * trip measured in the same run. Prints a report; never fails on timings. Run by {@code ./gantry bench}.
 *
 * <p>The pieces are common-lib's own classes, built with their constructors exactly as
 * {@code GantryEventsAutoConfiguration} and {@code GantryTenantAutoConfiguration} build them (no Spring context):
 * {@link Outbox}, {@link OutboxRelay} (default settings, woken by commits), {@link EventDispatcher} in a
 * {@link ConcurrentMessageListenerContainer} (concurrency, ack mode and error handler as in a service), and a
 * {@link TenantAwareTransactionManager} over a pool of the schema's runtime role, with row-level security.
 *
 * <p>Settings ({@code -Dbench.<name>=<value>}): see {@link Settings}.
 */
public final class EventBackboneBenchmark {

    /** What the benchmark does; each a system property {@code bench.<name>}. */
    record Settings(int creates, int rounds, int warmupRounds, double rate, int warmupSeconds, int seconds,
            int maxSeconds, int stepSeconds, int maxSteps, int writers, int tenants) {

        static Settings fromSystemProperties() {
            return new Settings(
                    Integer.getInteger("bench.creates", 2000),       // creates per write round
                    Integer.getInteger("bench.rounds", 7),           // measured write rounds (each kind)
                    Integer.getInteger("bench.warmupRounds", 3),     // unmeasured write rounds (each kind)
                    Double.parseDouble(System.getProperty("bench.rate", "200")), // paced events/s
                    Integer.getInteger("bench.warmupSeconds", 3),    // unmeasured seconds before a paced run
                    Integer.getInteger("bench.seconds", 20),         // measured seconds of a paced run
                    Integer.getInteger("bench.maxSeconds", 10),      // seconds of the unpaced capacity probe
                    Integer.getInteger("bench.stepSeconds", 8),      // seconds of each paced step of the ramp
                    Integer.getInteger("bench.maxSteps", 6),         // paced steps of the ramp at most
                    Integer.getInteger("bench.writers", 4),          // writer threads of the max-rate runs
                    Integer.getInteger("bench.tenants", 8));         // tenants the projects are spread over
        }
    }

    private static final String PRODUCER_SERVICE = "project-service";
    private static final String CONSUMER_SERVICE = "task-service";
    private static final String TOPIC_PREFIX = "bench.";
    private static final String PLAIN_TOPIC = "bench.plain-kafka";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(40);

    private static final String INSERT_PROJECT = """
            insert into projects (id, tenant_id, key, name, description, status, created_by, created_at, version)
            values (:id, :tenantId, :key, :name, :description, :status, :createdBy, :createdAt, :version)
            """;
    private static final String UPSERT_VIEW = """
            insert into project_views (id, tenant_id, key, name, status, version, updated_at)
            values (:id, :tenantId, :key, :name, :status, :version, :at)
            on conflict (id) do update set key = excluded.key, name = excluded.name, status = excluded.status,
                version = excluded.version, updated_at = excluded.updated_at
            where project_views.version < excluded.version
            """;
    private static final String DESCRIPTION = "Move card payments to the new payment service provider: contract, "
            + "sandbox integration, load test, QA and OPS sign-off, then the go-live window and hypercare.";

    private final Settings settings;
    private final BenchInfrastructure infra;
    private final EventsProperties properties = new EventsProperties(TOPIC_PREFIX, Topics.PROJECTS, null, null,
            null, null);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private final LatencyProbe probe = new LatencyProbe();
    private final AtomicLong sequence = new AtomicLong();
    /** Time spent inside Outbox.record (building and serialising the envelope, the insert). */
    private final AtomicLong recordNanos = new AtomicLong();
    private final UUID[] tenants;
    private final UUID[] users;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private DefaultKafkaProducerFactory<String, String> producerFactory;
    private OutboxRelay relay;
    private Outbox outbox;
    private ConcurrentMessageListenerContainer<String, String> listener;

    private EventBackboneBenchmark(Settings settings, BenchInfrastructure infra) {
        this.settings = settings;
        this.infra = infra;
        this.tenants = new UUID[settings.tenants()];
        this.users = new UUID[settings.tenants() * 4];
        for (int i = 0; i < tenants.length; i++) {
            tenants[i] = Ids.newId();
        }
        for (int i = 0; i < users.length; i++) {
            users[i] = Ids.newId();
        }
        this.jdbc = JdbcClient.create(infra.dataSource);
        this.transactions = new TransactionTemplate(new TenantAwareTransactionManager(infra.dataSource));
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        long started = System.nanoTime();
        System.out.println("Gantry event backbone benchmark, " + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19) + " UTC, "
                + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version());
        System.out.println("settings: " + settings + "; load average " + loadAverage());
        System.out.println("starting embedded PostgreSQL and Kafka ...");
        try (BenchInfrastructure infra = BenchInfrastructure.start()) {
            Stats.countAsOwn(infra.workDir.toString());
            Thread cleanup = new Thread(infra::close, "bench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            System.out.printf(Locale.ROOT, "infrastructure up in %.1f s (%s; Kafka %s; work dir %s)%n",
                    (System.nanoTime() - started) / 1e9, infra.postgres.jdbcUrl(BenchInfrastructure.DATABASE),
                    infra.kafka.bootstrapServers(), infra.workDir);
            EventBackboneBenchmark benchmark = new EventBackboneBenchmark(settings, infra);
            try {
                benchmark.run();
            } finally {
                benchmark.stop();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        System.out.printf(Locale.ROOT, "whole run: %.0f s; load average %s%n", (System.nanoTime() - started) / 1e9,
                loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Wiring: as GantryEventsAutoConfiguration does it.

    private void wire() throws Exception {
        String topic = properties.topic(Topics.PROJECTS);
        infra.createTopics(List.of(topic, Topics.deadLetter(topic), PLAIN_TOPIC), properties.partitions());
        producerFactory = new DefaultKafkaProducerFactory<>(infra.producerProperties());
        KafkaTemplate<String, String> kafka = new KafkaTemplate<>(producerFactory);
        String url = infra.jdbcUrl();
        String user = infra.appRole();
        relay = new OutboxRelay(jdbc, () -> DriverManager.getConnection(url, user, BenchInfrastructure.ROLE_PASSWORD),
                "gantry-outbox-relay:" + BenchInfrastructure.SCHEMA, kafka, properties.relay(), meters);
        outbox = new Outbox(jdbc, json, PRODUCER_SERVICE, clock, meters, properties, relay::wakeUp);

        EventHandler<ProjectCreated> projection = event -> {
            ProjectCreated project = event.payload();
            jdbc.sql(UPSERT_VIEW)
                    .param("id", project.projectId())
                    .param("tenantId", event.tenantId())
                    .param("key", project.key())
                    .param("name", project.name())
                    .param("status", project.status())
                    .param("version", event.aggregateVersion())
                    .param("at", event.time().atOffset(ZoneOffset.UTC))
                    .update();
            UUID aggregateId = event.aggregateId();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    probe.applied(aggregateId);
                }
            });
        };
        EventSubscriptions subscriptions = EventSubscriptions.builder()
                .on(ProjectEvents.CREATED, "project-view", projection)
                .build();
        EventDispatcher dispatcher = new EventDispatcher(subscriptions, json, jdbc, transactions, meters,
                CONSUMER_SERVICE);
        // The only addition to the production path: note when the record reaches the listener.
        MessageListener<String, String> observed = record -> {
            probe.received(UUID.fromString(record.key()), record.timestamp());
            dispatcher.onMessage(record);
        };

        // the production container and its retry and dead-letter policy, as GantryEventsAutoConfiguration builds them
        listener = EventConsumers.container(new DefaultKafkaConsumerFactory<>(infra.consumerProperties(CONSUMER_SERVICE)),
                subscriptions, observed, EventConsumers.errorHandler(kafka, properties.consumer(), meters), properties,
                CONSUMER_SERVICE);

        System.out.println("producer: " + new java.util.TreeMap<>(infra.producerProperties()).entrySet().stream()
                .filter(e -> !e.getKey().contains("serializer") && !e.getKey().startsWith("bootstrap")).toList());
        System.out.println("PostgreSQL " + jdbc.sql("select current_setting('server_version') || ', fsync=' || "
                + "current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')")
                .query(String.class).single());
        System.out.println("relay: " + properties.relay() + "; consumer: " + properties.consumer() + ", "
                + properties.partitions() + " partitions; pool: "
                + infra.dataSource.getMaximumPoolSize() + " connections of " + user + " (row-level security)");
    }

    private volatile boolean tapping;

    /** Optional diagnostic: a plain KafkaConsumer (own group) of the events topic, beside the dispatcher's. */
    private void startTap() throws InterruptedException {
        CountDownLatch assigned = new CountDownLatch(1);
        tapping = true;
        Thread.ofPlatform().daemon().name("bench-tap").start(() -> {
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(infra.consumerProperties("bench-tap"))) {
                consumer.subscribe(List.of(properties.topic(Topics.PROJECTS)));
                while (tapping) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, String> record : records) {
                        probe.tapped(UUID.fromString(record.key()), now);
                    }
                    if (consumer.assignment().size() >= properties.partitions()) {
                        assigned.countDown();
                    }
                }
            }
        });
        assigned.await(60, TimeUnit.SECONDS);
    }

    private void startBackbone() throws InterruptedException {
        relay.start();
        listener.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && (!relay.isActive()
                || listener.getAssignedPartitions().size() < properties.partitions())) {
            Thread.sleep(50);
        }
        if (!relay.isActive() || listener.getAssignedPartitions().size() < properties.partitions()) {
            System.out.println("WARNING: relay active " + relay.isActive() + ", partitions assigned "
                    + listener.getAssignedPartitions().size());
        }
    }

    private void stop() {
        if (listener != null) {
            listener.stop();
        }
        if (relay != null) {
            relay.stop();
        }
        if (producerFactory != null) {
            producerFactory.destroy();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private void run() throws Exception {
        wire();

        // 1. Outbox write overhead, before the relay and the consumer run (so they take no CPU from the writer).
        WriteOverhead write = measureWriteOverhead();
        int discarded = jdbc.sql("delete from outbox").update();
        System.out.println("(deleted the " + discarded + " unpublished outbox rows of the write benchmark)");

        // 2. Commit -> effect, at a paced rate.
        startBackbone();
        if (Boolean.getBoolean("bench.tap")) {
            startTap();
        }
        System.out.printf(Locale.ROOT, "%ncommit->effect at %s events/s (%d s warm-up, %d s measured) ...%n",
                Stats.whole(settings.rate()), settings.warmupSeconds(), settings.seconds());
        e2e("warm-up", 2, settings.rate(), Duration.ofSeconds(settings.warmupSeconds()));
        E2e paced = e2e("paced", 2, settings.rate(), Duration.ofSeconds(settings.seconds()));
        paced.print();
        printClientMetrics();

        // 3. Highest sustained rate: an unpaced probe of the capacity, then a ramp of paced steps.
        System.out.printf(Locale.ROOT, "%nmax sustained: %d writers unpaced for %d s ...%n", settings.writers(),
                settings.maxSeconds());
        E2e unpaced = e2e("unpaced", settings.writers(), 0, Duration.ofSeconds(settings.maxSeconds()));
        unpaced.print();
        // Then a ramp of paced steps from 90% of the probed capacity, x1.25 each, until a step is not bounded.
        double capacity = Math.min(unpaced.drive.rate(), unpaced.appliedRateDuringWrites);
        double target = roundRate(capacity * 0.9);
        E2e sustained = null;
        E2e firstUnbounded = null;
        for (int step = 0; step < settings.maxSteps(); step++) {
            System.out.printf(Locale.ROOT, "paced at %s events/s for %d s ...%n", Stats.whole(target),
                    settings.stepSeconds());
            E2e run = e2e("step " + (step + 1), settings.writers(), target, Duration.ofSeconds(settings.stepSeconds()));
            run.print();
            if (run.bounded()) {
                sustained = run;
                target = roundRate(target * 1.25);
            } else if (sustained == null && step < settings.maxSteps() - 1) {
                target = roundRate(target * 0.6); // the probe overestimated: start lower
            } else {
                firstUnbounded = run;
                break;
            }
        }

        // 4. Baseline: a plain Kafka produce -> consume round trip at the same paced rate and message size.
        String payload = jdbc.sql("select payload from outbox order by id desc limit 1").query(String.class).single();
        System.out.printf(Locale.ROOT, "%nplain Kafka produce->consume at %s/s, %d-byte value (%d s warm-up, %d s"
                + " measured) ...%n", Stats.whole(settings.rate()), payload.getBytes(StandardCharsets.UTF_8).length,
                settings.warmupSeconds(), settings.seconds());
        long[] plain = plainKafka(payload);
        System.out.printf(Locale.ROOT, "  %d round trips: p50 %s p90 %s p99 %s max %s%n", plain.length,
                Stats.ms(Stats.percentile(plain, 50)), Stats.ms(Stats.percentile(plain, 90)),
                Stats.ms(Stats.percentile(plain, 99)), Stats.ms(plain.length == 0 ? -1 : plain[plain.length - 1]));

        // The table.
        long[] pacedLatencies = paced.window.commitToEffect.sorted();
        System.out.println();
        System.out.println("=".repeat(100));
        System.out.printf(Locale.ROOT, "outbox write: plain %s µs/create, with event %s µs/create, ratio %s "
                + "(medians of %d rounds of %d; Outbox.record itself %s µs)%n", Stats.whole(write.plainMicros),
                Stats.whole(write.eventMicros), Stats.ratio(write.ratio), settings.rounds(),
                settings.creates(), Stats.whole(write.recordMicros));
        System.out.printf(Locale.ROOT, "commit→effect @%s/s: p50 %s p99 %s | plain kafka p50 %s p99 %s | "
                + "ratio p50 %s p99 %s%n", Stats.whole(settings.rate()),
                Stats.ms(Stats.percentile(pacedLatencies, 50)), Stats.ms(Stats.percentile(pacedLatencies, 99)),
                Stats.ms(Stats.percentile(plain, 50)), Stats.ms(Stats.percentile(plain, 99)),
                Stats.ratio((double) Stats.percentile(pacedLatencies, 50) / Stats.percentile(plain, 50)),
                Stats.ratio((double) Stats.percentile(pacedLatencies, 99) / Stats.percentile(plain, 99)));
        if (sustained == null) {
            System.out.println("commit→effect max sustained: no paced step was bounded (see above)");
        } else {
            long[] sustainedLatencies = sustained.window.commitToEffect.sorted();
            System.out.printf(Locale.ROOT, "commit→effect max sustained: %s events/s, p50 %s p99 %s (%s; unpaced "
                    + "%d writers: %s commits/s, %s effects/s)%n", Stats.whole(sustained.drive.rate()),
                    Stats.ms(Stats.percentile(sustainedLatencies, 50)), Stats.ms(Stats.percentile(sustainedLatencies, 99)),
                    firstUnbounded == null ? "highest step tried; more may hold"
                            : "next step " + Stats.whole(firstUnbounded.target) + "/s: " + firstUnbounded.why(),
                    settings.writers(), Stats.whole(unpaced.drive.rate()), Stats.whole(unpaced.appliedRateDuringWrites));
        }
        System.out.println("=".repeat(100));
    }

    /** A rate rounded down to 50 events/s, at least 50. */
    private static double roundRate(double rate) {
        return Math.max(50, Math.floor(rate / 50) * 50);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 1. Outbox write overhead

    private record WriteOverhead(double plainMicros, double eventMicros, double ratio, double recordMicros) {
    }

    private static final int BLOCK = 100;

    private WriteOverhead measureWriteOverhead() {
        System.out.printf(Locale.ROOT, "%noutbox write overhead: %d warm-up + %d measured rounds of %d creates of "
                + "each kind, single thread, the kinds alternating in blocks of %d ...%n", settings.warmupRounds(),
                settings.rounds(), settings.creates(), BLOCK);
        for (int r = 0; r < settings.warmupRounds(); r++) {
            writeRound();
        }
        double[] plain = new double[settings.rounds()];
        double[] withEvent = new double[settings.rounds()];
        double[] ratios = new double[settings.rounds()];
        double[] recordMicros = new double[settings.rounds()];
        long[] cpuBefore = Stats.cpu();
        for (int r = 0; r < settings.rounds(); r++) {
            recordNanos.set(0);
            double[] round = writeRound();
            plain[r] = round[0];
            withEvent[r] = round[1];
            ratios[r] = withEvent[r] / plain[r];
            recordMicros[r] = recordNanos.get() / 1e3 / settings.creates();
            System.out.printf(Locale.ROOT, "  round %d: plain %s µs/create, with event %s µs/create (%s; "
                    + "Outbox.record itself %s µs)%n", r + 1, Stats.whole(plain[r]), Stats.whole(withEvent[r]),
                    Stats.ratio(ratios[r]), Stats.whole(recordMicros[r]));
        }
        System.out.println("  (" + Stats.cpuBetween(cpuBefore, Stats.cpu()) + ")");
        return new WriteOverhead(Stats.median(plain), Stats.median(withEvent), Stats.median(ratios),
                Stats.median(recordMicros));
    }

    /**
     * {@code creates} creates of each kind, alternating in blocks (which kind goes first alternates too), so that a
     * drift of the machine's speed weighs on both alike. Returns µs per create: {plain, with event}.
     */
    private double[] writeRound() {
        long[] nanos = new long[2];
        int blocks = Math.max(1, settings.creates() / BLOCK);
        int perBlock = settings.creates() / blocks;
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < 2; k++) {
                boolean withEvent = (b + k) % 2 == 1;
                long start = System.nanoTime();
                for (int i = 0; i < perBlock; i++) {
                    create(withEvent, null);
                }
                nanos[withEvent ? 1 : 0] += System.nanoTime() - start;
            }
        }
        double creates = (double) blocks * perBlock;
        return new double[] {nanos[0] / 1e3 / creates, nanos[1] / 1e3 / creates};
    }

    /**
     * Creates a project as a service would: in a transaction of the caller's tenant (and a trace of its request),
     * with or without its ProjectCreated event.
     */
    private UUID create(boolean withEvent, LatencyProbe.Window window) {
        long n = sequence.incrementAndGet();
        UUID tenant = tenants[(int) (n % tenants.length)];
        UUID user = users[(int) (n % users.length)];
        return TraceContext.callIn(null, () -> TenantContext.callAs(tenant, user.toString(),
                () -> transactions.execute(status -> {
                    UUID id = Ids.newId();
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    String key = "B" + Long.toString(n, 36).toUpperCase(Locale.ROOT);
                    String name = "Payments go-live " + n;
                    jdbc.sql(INSERT_PROJECT)
                            .param("id", id)
                            .param("tenantId", tenant)
                            .param("key", key)
                            .param("name", name)
                            .param("description", DESCRIPTION)
                            .param("status", "ACTIVE")
                            .param("createdBy", user.toString())
                            .param("createdAt", now.atOffset(ZoneOffset.UTC))
                            .param("version", 1L)
                            .update();
                    if (withEvent) {
                        if (window != null) {
                            // registered before the outbox's, so it runs first: the commit time, before the wake-up
                            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                                @Override
                                public void afterCommit() {
                                    probe.committed(id, window);
                                }
                            });
                        }
                        ProjectMember creator = new ProjectMember(user, ProjectRole.MANAGER, List.of());
                        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
                        long recordStart = System.nanoTime();
                        outbox.record(ProjectEvents.CREATED, id, 1, new ProjectCreated(id, key, name, DESCRIPTION,
                                "ACTIVE", today, today.plusMonths(3), List.of(creator), user, now));
                        recordNanos.addAndGet(System.nanoTime() - recordStart);
                    }
                    return id;
                })));
    }

    // ---------------------------------------------------------------------------------------------------------
    // 2 and 3. Commit -> effect

    private record Drive(long creates, long nanos, long errors) {
        double rate() {
            return creates / (nanos / 1e9);
        }
    }

    private record Sample(long atNanos, long committed, long applied, long published, long pending,
            double lagSeconds) {
    }

    private final class E2e {
        final String label;
        final double target;
        final Drive drive;
        final LatencyProbe.Window window;
        final List<Sample> samples;
        final Duration drain;
        final double appliedRateDuringWrites;
        final String cpu;

        E2e(String label, double target, Drive drive, LatencyProbe.Window window, List<Sample> samples,
                Duration drain, double appliedRateDuringWrites, String cpu) {
            this.cpu = cpu;
            this.label = label;
            this.target = target;
            this.drive = drive;
            this.window = window;
            this.samples = samples;
            this.drain = drain;
            this.appliedRateDuringWrites = appliedRateDuringWrites;
        }

        long maxPending() {
            return samples.stream().mapToLong(Sample::pending).max().orElse(0);
        }

        /** The relay's own gauge, gantry.outbox.lag: age of the oldest unpublished event after its last batch. */
        long maxRelayLagMillis() {
            return Math.round(samples.stream().mapToDouble(Sample::lagSeconds).max().orElse(0) * 1000);
        }

        long maxBacklogSecondHalf() {
            return samples.subList(samples.size() / 2, samples.size()).stream()
                    .mapToLong(s -> s.committed() - s.applied()).max().orElse(0);
        }

        long missing() {
            return window.committed.get() - window.completed();
        }

        /**
         * The backbone kept up: the writers held the pace, nothing was lost, no backlog built up (under half a
         * second's worth of events in flight), p99 under a second and the effects caught up within a second.
         */
        boolean bounded() {
            return why() == null;
        }

        String why() {
            long[] latencies = window.commitToEffect.sorted();
            if (target > 0 && drive.rate() < 0.95 * target) {
                return "writers reached only " + Stats.whole(drive.rate()) + "/s";
            }
            if (missing() > 0) {
                return missing() + " effects missing after " + DRAIN_TIMEOUT.toSeconds() + " s";
            }
            if (maxBacklogSecondHalf() > Math.max(100, drive.rate() / 2)) {
                return "backlog reached " + maxBacklogSecondHalf() + " events";
            }
            if (Stats.percentile(latencies, 99) > TimeUnit.SECONDS.toNanos(1)) {
                return "p99 " + Stats.ms(Stats.percentile(latencies, 99));
            }
            if (drain.toMillis() > 1000) {
                return "effects caught up " + drain.toMillis() + " ms after the writers stopped";
            }
            return null;
        }

        void print() {
            long[] all = window.commitToEffect.sorted();
            long[] receive = window.commitToReceive.sorted();
            long[] effect = window.receiveToEffect.sorted();
            long[] send = window.commitToRelaySendMillis.sorted();
            System.out.printf(Locale.ROOT, "  %s: %s events in %.1f s = %s/s%s; effects %d (missing %d), drained "
                    + "%d ms after the writers stopped; %s while writing%n", label, Stats.whole(drive.creates()),
                    drive.nanos() / 1e9, Stats.whole(drive.rate()),
                    drive.errors() > 0 ? " (" + drive.errors() + " failed)" : "", window.completed(), missing(),
                    drain.toMillis(), cpu);
            System.out.printf(Locale.ROOT, "    commit→effect p50 %s p90 %s p99 %s max %s%n",
                    Stats.ms(Stats.percentile(all, 50)), Stats.ms(Stats.percentile(all, 90)),
                    Stats.ms(Stats.percentile(all, 99)), Stats.ms(all.length == 0 ? -1 : all[all.length - 1]));
            System.out.printf(Locale.ROOT, "    parts (p50/p99): commit→relay send %d/%d ms (ms clock) | "
                    + "commit→listener %s/%s | listener→effect commit %s/%s (mean %s)%n",
                    Stats.percentile(send, 50), Stats.percentile(send, 99),
                    Stats.ms(Stats.percentile(receive, 50)), Stats.ms(Stats.percentile(receive, 99)),
                    Stats.ms(Stats.percentile(effect, 50)), Stats.ms(Stats.percentile(effect, 99)),
                    Stats.ms(effect.length == 0 ? -1 : (long) java.util.Arrays.stream(effect).average().orElse(0)));
            long[] tap = window.commitToTap.sorted();
            if (tap.length > 0) {
                System.out.printf(Locale.ROOT, "    tap (plain consumer of the events topic): commit→poll p50 %s p99 %s%n",
                        Stats.ms(Stats.percentile(tap, 50)), Stats.ms(Stats.percentile(tap, 99)));
            }
            System.out.printf(Locale.ROOT, "    effects/s while writing %s; outbox pending max %d, "
                    + "gantry.outbox.lag max %d ms; backlog (committed - applied) max in 2nd half %d%s%n",
                    Stats.whole(appliedRateDuringWrites), maxPending(), maxRelayLagMillis(), maxBacklogSecondHalf(),
                    target > 0 ? (bounded() ? "; bounded" : "; NOT bounded: " + why()) : "");
        }
    }

    /**
     * Writes projects with events ({@code rate} events/s shared by {@code writers} threads, or as fast as they
     * can when rate is 0) for {@code duration}, samples the backbone every 500 ms, then waits for the effects.
     */
    private E2e e2e(String label, int writers, double rate, Duration duration) throws InterruptedException {
        LatencyProbe.Window window = new LatencyProbe.Window();
        List<Sample> samples = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
            while (writing.get()) {
                samples.add(sample(window));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        });
        long appliedBefore = probe.appliedTotal();
        long[] cpuBefore = Stats.cpu();
        Drive drive = drive(writers, rate, duration, window);
        String cpu = Stats.cpuBetween(cpuBefore, Stats.cpu());
        long appliedDuring = probe.appliedTotal() - appliedBefore;
        writing.set(false);
        sampler.join();
        samples.add(sample(window));
        long drainStart = System.nanoTime();
        long deadline = drainStart + DRAIN_TIMEOUT.toNanos();
        while (window.completed() < window.committed.get() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        Duration drain = Duration.ofNanos(System.nanoTime() - drainStart);
        return new E2e(label, rate, drive, window, samples, drain, appliedDuring / (drive.nanos() / 1e9), cpu);
    }

    private Sample sample(LatencyProbe.Window window) {
        long pending = jdbc.sql("select count(*) from outbox where published_at is null").query(Long.class).single();
        double published = meters.find("gantry.events.published").counters().stream().mapToDouble(Counter::count)
                .sum();
        var lag = meters.find("gantry.outbox.lag").gauge();
        return new Sample(System.nanoTime(), window.committed.get(), window.completed(), (long) published, pending,
                lag == null ? 0 : lag.value());
    }

    private Drive drive(int writers, double rate, Duration duration, LatencyProbe.Window window)
            throws InterruptedException {
        long total = rate > 0 ? Math.round(rate * duration.toNanos() / 1e9) : Long.MAX_VALUE;
        long period = rate > 0 ? Math.round(1e9 / rate) : 0;
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(1);
        long[] start = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().name("bench-writer-" + w).start(() -> {
                try {
                    ready.await();
                } catch (InterruptedException e) {
                    return;
                }
                long deadline = start[0] + duration.toNanos();
                while (true) {
                    if (rate > 0) {
                        long slot = next.getAndIncrement();
                        if (slot >= total) {
                            break;
                        }
                        long due = start[0] + slot * period;
                        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                    } else if (System.nanoTime() >= deadline) {
                        break;
                    }
                    try {
                        create(true, window);
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (failed.getAndIncrement() == 0) {
                            System.err.println("create failed: " + e);
                        }
                    }
                }
            }));
        }
        start[0] = System.nanoTime();
        ready.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        return new Drive(done.get(), System.nanoTime() - start[0], failed.get());
    }

    private static final List<String> CONSUMER_METRICS = List.of("fetch-latency-avg",
            "fetch-rate", "records-per-request-avg", "commit-latency-avg", "time-between-poll-avg",
            "poll-idle-ratio-avg");
    private static final List<String> PRODUCER_METRICS = List.of("request-latency-avg", "record-queue-time-avg",
            "records-per-request-avg", "batch-size-avg");

    private void printClientMetrics() {
        listener.metrics().forEach((client, metrics) -> System.out.println("    consumer " + client + ": "
                + pick(metrics, CONSUMER_METRICS, "consumer-fetch-manager-metrics", "consumer-coordinator-metrics",
                        "consumer-metrics")));
        System.out.println("    relay producer: " + pick(producerFactory.createProducer().metrics(), PRODUCER_METRICS,
                "producer-metrics"));
    }

    private static String pick(Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics,
            List<String> names, String... groups) {
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            metrics.entrySet().stream()
                    .filter(e -> e.getKey().name().equals(name) && List.of(groups).contains(e.getKey().group())
                            && !e.getKey().tags().containsKey("topic") && !e.getKey().tags().containsKey("node-id"))
                    .findFirst()
                    .ifPresent(e -> parts.add(name + "=" + String.format(Locale.ROOT, "%.1f",
                            ((Number) e.getValue().metricValue()).doubleValue())));
        }
        return String.join(" ", parts);
    }

    // ---------------------------------------------------------------------------------------------------------
    // 4. Plain Kafka baseline

    private record Sent(long nanos, LatencyProbe.Samples window) {
    }

    /** Round trips (nanoseconds, sorted) of the measured part. */
    private long[] plainKafka(String payload) throws InterruptedException {
        Map<String, Sent> inFlight = new ConcurrentHashMap<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        CountDownLatch assigned = new CountDownLatch(1);
        AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
        AtomicReference<String> plainConsumerMetrics = new AtomicReference<>();
        Thread consumerThread = Thread.ofPlatform().name("bench-plain-consumer").start(() -> {
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(infra.consumerProperties("bench-plain-kafka"))) {
                consumer.subscribe(List.of(PLAIN_TOPIC));
                while (polling.get()) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, String> record : records) {
                        Sent sent = inFlight.remove(record.key());
                        if (sent != null) {
                            sent.window().add(now - sent.nanos());
                        }
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync(); // as the container's BATCH ack mode does
                    }
                    if (consumer.assignment().size() >= properties.partitions()) {
                        assigned.countDown();
                    }
                }
                plainConsumerMetrics.set(pick(consumer.metrics(), CONSUMER_METRICS, "consumer-fetch-manager-metrics",
                        "consumer-coordinator-metrics", "consumer-metrics"));
            } catch (Throwable e) {
                consumerFailure.set(e);
                assigned.countDown();
            }
        });
        if (!assigned.await(60, TimeUnit.SECONDS) || consumerFailure.get() != null) {
            System.out.println("WARNING: plain consumer not assigned: " + consumerFailure.get());
        }
        LatencyProbe.Samples warmup = new LatencyProbe.Samples();
        LatencyProbe.Samples measured = new LatencyProbe.Samples();
        String cpu;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(infra.producerProperties())) {
            paceSends(producer, payload, inFlight, warmup, settings.warmupSeconds());
            long[] cpuBefore = Stats.cpu();
            paceSends(producer, payload, inFlight, measured, settings.seconds());
            cpu = Stats.cpuBetween(cpuBefore, Stats.cpu());
            producer.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        polling.set(false);
        consumerThread.join();
        System.out.println("  plain consumer: " + plainConsumerMetrics.get() + "; " + cpu);
        if (!inFlight.isEmpty()) {
            System.out.println("  (" + inFlight.size() + " plain records not received)");
        }
        return measured.sorted();
    }

    private void paceSends(KafkaProducer<String, String> producer, String payload, Map<String, Sent> inFlight,
            LatencyProbe.Samples window, int seconds) {
        long total = Math.round(settings.rate() * seconds);
        long period = Math.round(1e9 / settings.rate());
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * period;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            String key = Ids.newId().toString();
            ProducerRecord<String, String> record = new ProducerRecord<>(PLAIN_TOPIC, key, payload);
            // the headers the relay sends
            record.headers().add(new RecordHeader("ce_id", bytes(Ids.newId().toString())));
            record.headers().add(new RecordHeader("ce_type", bytes(ProjectEvents.CREATED.name())));
            record.headers().add(new RecordHeader("content-type", bytes(EventEnvelope.CONTENT_TYPE)));
            record.headers().add(new RecordHeader("traceparent",
                    bytes("00-" + "0".repeat(31) + "1-" + "0".repeat(15) + "1-01")));
            inFlight.put(key, new Sent(System.nanoTime(), window));
            producer.send(record, (metadata, exception) -> {
                if (exception != null) {
                    inFlight.remove(key);
                    System.err.println("plain send failed: " + exception);
                }
            });
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
