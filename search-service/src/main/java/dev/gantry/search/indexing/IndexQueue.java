package dev.gantry.search.indexing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.tenant.TenantContext;

/**
 * Index writes of applied events, kept in table {@code index_queue} in the event's own transaction: the record that
 * an event was applied and its index write commit together, so neither is lost without the other.
 * {@link IndexQueueWriter} sends them to Elasticsearch in bulk, so that throughput does not hang on one
 * Elasticsearch round trip per event.
 */
@Component
public class IndexQueue {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final IndexQueueWriter writer;

    IndexQueue(JdbcClient jdbc, JsonMapper json, IndexQueueWriter writer) {
        this.jdbc = jdbc;
        this.json = json;
        this.writer = writer;
    }

    /**
     * Queues writes in the current tenant transaction; {@code eventTime} (null for none) is what freshness counts
     * from.
     */
    public void enqueue(List<SearchIndex.Write> writes, Instant eventTime) {
        for (SearchIndex.Write write : writes) {
            jdbc.sql("""
                    insert into index_queue (tenant_id, version, or_newer, document, event_time)
                    values (:tenantId, :version, :orNewer, cast(:document as jsonb), :eventTime)
                    """)
                    .param("tenantId", TenantContext.requireTenant())
                    .param("version", write.version())
                    .param("orNewer", write.orNewer())
                    .param("document", json.writeValueAsString(write.document()))
                    .param("eventTime", eventTime == null ? null : eventTime.atOffset(ZoneOffset.UTC))
                    .update();
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    writer.wakeUp();
                }
            });
        } else {
            writer.wakeUp();
        }
    }

    /** Whether a tombstone of the task waits in the queue (of the current tenant), not yet in the index. */
    public boolean hasPendingTaskTombstone(java.util.UUID taskId) {
        return jdbc.sql("""
                select count(*) from index_queue
                where failed_reason is null and document ->> 'type' = 'task' and document ->> 'taskId' = :taskId
                  and (document ->> 'deleted')::boolean
                """).param("taskId", taskId.toString()).query(Long.class).single() > 0;
    }

    /** Writes waiting, and writes Elasticsearch refused for good. */
    public record Size(long pending, long failed) {
    }

    public Size size() {
        return jdbc.sql("select pending, failed from index_queue_size()")
                .query((rs, n) -> new Size(rs.getLong("pending"), rs.getLong("failed"))).single();
    }
}
