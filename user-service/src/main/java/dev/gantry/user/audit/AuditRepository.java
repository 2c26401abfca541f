package dev.gantry.user.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The audit log in PostgreSQL: insert and read only (the service's role may do nothing else with it). */
@Repository
class AuditRepository {

    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Serializes appends to one tenant's chain until the transaction ends; other tenants append in parallel. */
    void lockChain(UUID tenantId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(cast(:tenantId as text), 0))")
                .param("tenantId", tenantId).query((rs, row) -> 1).single();
    }

    /** The seq and hash of the tenant's last entry. */
    Optional<Map.Entry<Long, String>> last(UUID tenantId) {
        return jdbc.sql("select seq, hash from audit_events where tenant_id = :tenantId order by seq desc limit 1")
                .param("tenantId", tenantId)
                .query((rs, row) -> Map.entry(rs.getLong("seq"), rs.getString("hash")))
                .optional();
    }

    void insert(AuditEntry entry) {
        jdbc.sql("""
                insert into audit_events (id, tenant_id, seq, occurred_at, type, actor_id, subject_id, details,
                                          prev_hash, hash)
                values (:id, :tenantId, :seq, :occurredAt, :type, :actorId, :subjectId, :details, :prevHash, :hash)
                """)
                .param("id", entry.id())
                .param("tenantId", entry.tenantId())
                .param("seq", entry.seq())
                .param("occurredAt", entry.occurredAt().atOffset(ZoneOffset.UTC))
                .param("type", entry.type())
                .param("actorId", entry.actorId())
                .param("subjectId", entry.subjectId())
                .param("details", json.writeValueAsString(entry.details()))
                .param("prevHash", entry.prevHash())
                .param("hash", entry.hash())
                .update();
    }

    /** Up to {@code limit} entries matching the filter, newest first, older than the entry {@code beforeId}. */
    List<AuditEntry> page(UUID tenantId, AuditFilter filter, UUID beforeId, int limit) {
        return jdbc.sql("""
                select * from audit_events
                where tenant_id = :tenantId
                  and (cast(:type as text) is null or type = cast(:type as text))
                  and (cast(:actorId as uuid) is null or actor_id = cast(:actorId as uuid))
                  and (cast(:subjectId as uuid) is null or subject_id = cast(:subjectId as uuid))
                  and (cast(:from as timestamptz) is null or occurred_at >= cast(:from as timestamptz))
                  and (cast(:to as timestamptz) is null or occurred_at < cast(:to as timestamptz))
                  and (cast(:before as uuid) is null
                       or seq < (select b.seq from audit_events b
                                 where b.tenant_id = :tenantId and b.id = cast(:before as uuid)))
                order by seq desc
                limit :limit
                """)
                .param("tenantId", tenantId)
                .param("type", filter.type())
                .param("actorId", filter.actorId())
                .param("subjectId", filter.subjectId())
                .param("from", filter.from() == null ? null : filter.from().atOffset(ZoneOffset.UTC))
                .param("to", filter.to() == null ? null : filter.to().atOffset(ZoneOffset.UTC))
                .param("before", beforeId)
                .param("limit", limit)
                .query(this::map).list();
    }

    /** Up to {@code limit} entries of the chain from {@code fromSeq} on, in order. */
    List<AuditEntry> chain(UUID tenantId, long fromSeq, int limit) {
        return jdbc.sql("""
                select * from audit_events where tenant_id = :tenantId and seq >= :fromSeq order by seq limit :limit
                """)
                .param("tenantId", tenantId).param("fromSeq", fromSeq).param("limit", limit)
                .query(this::map).list();
    }

    private AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getLong("seq"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("type"),
                rs.getObject("actor_id", UUID.class), rs.getObject("subject_id", UUID.class),
                json.readValue(rs.getString("details"), DETAILS), rs.getString("prev_hash"), rs.getString("hash"));
    }

}
