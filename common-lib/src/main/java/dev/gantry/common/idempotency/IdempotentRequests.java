package dev.gantry.common.idempotency;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The idempotent_requests table: claims a key, records the response, and finds what an earlier request got. */
class IdempotentRequests {

    /** What an earlier request with the same key left behind. */
    record Recorded(String requestHash, boolean completed, int status, String contentType, String location,
            String etag, byte[] body, Instant createdAt) {
    }

    /** The response worth replaying to a retry. */
    record Response(int status, String contentType, String location, String etag, byte[] body) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Duration retention;

    IdempotentRequests(JdbcClient jdbc, TransactionTemplate transactions, Duration retention) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.retention = retention;
    }

    /**
     * Claims the key for this request in a committed transaction of its own, so a concurrent duplicate sees the claim;
     * empty when the claim is new, else what is recorded under the key. Expired rows of the caller go first.
     */
    Optional<Recorded> claim(UUID tenant, String caller, String key, String requestHash, Instant now) {
        return transactions.execute(status -> {
            jdbc.sql("""
                    delete from idempotent_requests
                    where tenant_id = :tenant and caller = :caller and created_at < :expired
                    """)
                    .param("tenant", tenant).param("caller", caller).param("expired", utc(now.minus(retention)))
                    .update();
            int claimed = jdbc.sql("""
                    insert into idempotent_requests
                        (tenant_id, caller, idempotency_key, request_hash, state, created_at)
                    values (:tenant, :caller, :key, :hash, 'IN_PROGRESS', :now)
                    on conflict do nothing
                    """)
                    .param("tenant", tenant).param("caller", caller).param("key", key).param("hash", requestHash)
                    .param("now", utc(now))
                    .update();
            if (claimed == 1) {
                return Optional.<Recorded>empty();
            }
            return jdbc.sql("""
                    select request_hash, state, response_status, response_type, response_location, response_etag,
                           response_body, created_at
                    from idempotent_requests where tenant_id = :tenant and caller = :caller and idempotency_key = :key
                    """)
                    .param("tenant", tenant).param("caller", caller).param("key", key)
                    .query((rs, row) -> new Recorded(rs.getString("request_hash"),
                            "COMPLETED".equals(rs.getString("state")), rs.getInt("response_status"),
                            rs.getString("response_type"), rs.getString("response_location"),
                            rs.getString("response_etag"), rs.getBytes("response_body"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                    .optional();
        });
    }

    void complete(UUID tenant, String caller, String key, Response response) {
        transactions.executeWithoutResult(status -> jdbc.sql("""
                update idempotent_requests set state = 'COMPLETED', response_status = :status,
                    response_type = :type, response_location = :location, response_etag = :etag, response_body = :body
                where tenant_id = :tenant and caller = :caller and idempotency_key = :key
                """)
                .param("tenant", tenant).param("caller", caller).param("key", key)
                .param("status", response.status()).param("type", response.contentType())
                .param("location", response.location()).param("etag", response.etag())
                .param("body", response.body())
                .update());
    }

    /** Gives the key back, for a request that failed on our side and may be retried as if it never happened. */
    void release(UUID tenant, String caller, String key) {
        transactions.executeWithoutResult(status -> jdbc.sql("""
                delete from idempotent_requests
                where tenant_id = :tenant and caller = :caller and idempotency_key = :key and state = 'IN_PROGRESS'
                """)
                .param("tenant", tenant).param("caller", caller).param("key", key)
                .update());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
