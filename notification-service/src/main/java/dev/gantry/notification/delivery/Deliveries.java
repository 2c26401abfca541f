package dev.gantry.notification.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.Ids;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.notice.NoticeKind;

/**
 * The delivery outbox: one row per event, recipient and channel (a redelivered event finds its rows and adds none),
 * claimed by the worker with a lease, then marked SENT, rescheduled with backoff, or FAILED after the last attempt.
 */
@Service
public class Deliveries {

    private static final String COLUMNS = """
            id, tenant_id, event_id, kind, channel, recipient, user_id, integration_id, notice, status, attempts,
            next_attempt_at, last_error, message_id, digest_size, created_at, sent_at
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final DeliveryProperties properties;
    private final DeliveryMetrics metrics;
    private volatile Runnable afterCommit = () -> { };

    Deliveries(JdbcClient jdbc, JsonMapper json, Clock clock, DeliveryProperties properties,
            DeliveryMetrics metrics) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.metrics = metrics;
    }

    /** The worker wakes up after a commit that added deliveries, instead of waiting for its next poll. */
    void onCommit(Runnable wake) {
        this.afterCommit = wake;
    }

    /**
     * Adds a delivery in the current transaction unless this event already has one for the recipient and channel.
     *
     * @param notBefore when it may be sent (the end of the recipient's quiet hours), or null for now
     */
    public boolean enqueue(UUID eventId, Notice notice, Channel channel, String recipient, UUID userId,
            UUID integrationId, Instant notBefore) {
        Instant now = clock.instant();
        int added = jdbc.sql("""
                insert into deliveries (id, tenant_id, event_id, kind, channel, recipient, user_id, integration_id,
                                        notice, status, next_attempt_at, created_at)
                values (:id, :tenantId, :eventId, :kind, :channel, :recipient, :userId, :integrationId, :notice,
                        'PENDING', :due, :now)
                on conflict (tenant_id, event_id, kind, recipient, channel) do nothing
                """)
                .param("id", Ids.newId()).param("tenantId", TenantContext.requireTenant()).param("eventId", eventId)
                .param("kind", notice.kind().name()).param("channel", channel.name()).param("recipient", recipient)
                .param("userId", userId).param("integrationId", integrationId)
                .param("notice", json.writeValueAsString(notice))
                .param("due", utc(notBefore == null || notBefore.isBefore(now) ? now : notBefore))
                .param("now", utc(now))
                .update();
        if (added > 0 && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    afterCommit.run();
                }
            });
        }
        return added > 0;
    }

    /** Tenants with deliveries due now (asked past row-level security; reveals tenant ids only). */
    List<UUID> tenantsWithDueDeliveries() {
        return jdbc.sql("select due_delivery_tenants(:now)").param("now", utc(clock.instant())).query(UUID.class)
                .list();
    }

    /** Claims due e-mails and webhooks of the current tenant: leased to this instance, attempt counted. */
    @Transactional
    public List<Delivery> claimDirect() {
        Instant now = clock.instant();
        return jdbc.sql("""
                update deliveries set claimed_at = :now, next_attempt_at = :leaseEnd, attempts = attempts + 1,
                    message_id = id
                where id in (select id from deliveries
                             where status = 'PENDING' and next_attempt_at <= :now and channel in ('EMAIL', 'WEBHOOK')
                             order by next_attempt_at limit :batch for update skip locked)
                returning
                """ + COLUMNS)
                .param("now", utc(now)).param("leaseEnd", utc(now.plus(properties.lease())))
                .param("batch", properties.batchSize()).query(this::delivery).list();
    }

    /** Robots with deliveries due in the current tenant. */
    @Transactional(readOnly = true)
    public List<UUID> robotsWithDueDeliveries() {
        return jdbc.sql("""
                select distinct integration_id from deliveries
                where status = 'PENDING' and next_attempt_at <= :now and channel in ('DINGTALK', 'WECOM', 'FEISHU')
                """).param("now", utc(clock.instant())).query(UUID.class).list();
    }

    private record Window(int used, Duration sinceLast) {
    }

    /** A message to a robot: its id and the deliveries it carries. */
    public record RobotBatch(UUID messageId, List<Delivery> deliveries) {
    }

    /**
     * Claims what a robot may send now within its per-minute budget, planned into single messages and digests.
     * One instance at a time plans for a robot (a transaction-scoped advisory lock), so two never overspend it.
     */
    @Transactional
    public List<RobotBatch> claimForRobot(UUID integrationId, Channel platform) {
        boolean locked = Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(hashtext(:key))")
                .param("key", "robot:" + integrationId).query(Boolean.class).single());
        if (!locked) {
            return List.of();
        }
        Instant now = clock.instant();
        Window window = jdbc.sql("""
                select count(distinct message_id) as used, max(claimed_at) as last from deliveries
                where integration_id = :id and claimed_at > :windowStart
                """).param("id", integrationId).param("windowStart", utc(now.minus(Duration.ofMinutes(1))))
                .query((rs, n) -> new Window(rs.getInt("used"), rs.getTimestamp("last") == null ? null
                        : Duration.between(rs.getTimestamp("last").toInstant(), now))).single();
        int limit = properties.perMinute(platform);
        if (window.used() >= limit) {
            return List.of();
        }
        List<Delivery> waiting = jdbc.sql("select " + COLUMNS + """
                from deliveries
                where integration_id = :id and status = 'PENDING' and next_attempt_at <= :now
                order by created_at, id limit 1000 for update skip locked
                """).param("id", integrationId).param("now", utc(now)).query(this::delivery).list();
        List<List<Delivery>> plan = DigestPlanner.plan(waiting, window.used(), limit, window.sinceLast(),
                RobotMessages.maxItems(platform, properties.digestMaxItems()));
        return plan.stream().map(message -> {
            UUID messageId = message.size() == 1 ? message.getFirst().id() : Ids.newId();
            List<Delivery> claimed = jdbc.sql("""
                    update deliveries set claimed_at = :now, next_attempt_at = :leaseEnd, attempts = attempts + 1,
                        message_id = :messageId, digest_size = :size
                    where id in (:ids)
                    returning
                    """ + COLUMNS)
                    .param("now", utc(now)).param("leaseEnd", utc(now.plus(properties.lease())))
                    .param("messageId", messageId).param("size", message.size())
                    .param("ids", message.stream().map(Delivery::id).toList()).query(this::delivery).list();
            return new RobotBatch(messageId, claimed.stream()
                    .sorted(java.util.Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id))
                    .toList());
        }).toList();
    }

    @Transactional
    public void sent(List<Delivery> deliveries) {
        jdbc.sql("update deliveries set status = 'SENT', sent_at = :now, last_error = null where id in (:ids)")
                .param("now", utc(clock.instant())).param("ids", deliveries.stream().map(Delivery::id).toList())
                .update();
        deliveries.forEach(d -> metrics.sent(d.channel()));
    }

    /** Reschedules with backoff, or ends FAILED when attempts are used up or the failure is permanent. */
    @Transactional
    public void failed(List<Delivery> deliveries, SendFailure failure) {
        Instant now = clock.instant();
        for (Delivery delivery : deliveries) {
            // attempts were counted when claimed
            boolean last = !failure.retryable() || delivery.attempts() >= properties.maxAttempts();
            jdbc.sql("""
                    update deliveries set status = :status, next_attempt_at = :next, last_error = :error
                    where id = :id
                    """)
                    .param("id", delivery.id()).param("status", last ? "FAILED" : "PENDING")
                    .param("next", utc(now.plus(properties.backoffAfter(delivery.attempts()))))
                    .param("error", cut(failure.getMessage())).update();
            if (last) {
                metrics.failed(delivery.channel());
            }
        }
    }

    @Transactional(readOnly = true)
    public CursorPage<Delivery> list(DeliveryStatus status, PageRequest page) {
        List<Delivery> fetched = jdbc.sql("select " + COLUMNS + """
                from deliveries
                where (cast(:status as varchar) is null or status = :status)
                  and (cast(:after as uuid) is null or id < :after)
                order by id desc limit :limit
                """)
                .param("status", status == null ? null : status.name()).param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1).query(this::delivery).list();
        return CursorPage.of(fetched, page.limit(), d -> PageRequest.cursorAfter(d.id()));
    }

    /** Sends a FAILED delivery again, from its first attempt; 409 for one that is not FAILED. */
    @Transactional
    public Delivery retry(UUID id) {
        int changed = jdbc.sql("""
                update deliveries set status = 'PENDING', attempts = 0, next_attempt_at = :now, last_error = null
                where id = :id and status = 'FAILED'
                """).param("id", id).param("now", utc(clock.instant())).update();
        Delivery delivery = find(id);
        if (changed == 0) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("delivery-not-failed"),
                    "Delivery is not failed", "Delivery " + id + " is " + delivery.status()
                            + "; only FAILED deliveries can be retried.");
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.run();
            }
        });
        return delivery;
    }

    @Transactional(readOnly = true)
    public Delivery find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from deliveries where id = :id").param("id", id)
                .query(this::delivery).optional()
                .orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                        "Delivery not found", "No delivery " + id + " in your organisation."));
    }

    private Delivery delivery(ResultSet rs, int row) throws SQLException {
        Timestamp sent = rs.getTimestamp("sent_at");
        return new Delivery(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("event_id", UUID.class), NoticeKind.valueOf(rs.getString("kind")),
                Channel.valueOf(rs.getString("channel")), rs.getString("recipient"),
                rs.getObject("user_id", UUID.class), rs.getObject("integration_id", UUID.class),
                json.readValue(rs.getString("notice"), Notice.class), DeliveryStatus.valueOf(rs.getString("status")),
                rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"),
                rs.getObject("message_id", UUID.class), (Integer) rs.getObject("digest_size"),
                rs.getTimestamp("created_at").toInstant(), sent == null ? null : sent.toInstant());
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String cut(String text) {
        if (text == null) {
            return null;
        }
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
