package dev.gantry.search.rebuild;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Rows of {@code index_rebuilds}; the partial unique index allows one RUNNING rebuild at a time. */
@Repository
class RebuildRepository {

    private final JdbcClient jdbc;

    RebuildRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Fails a RUNNING rebuild whose instance stopped beating, so it neither blocks the next nor gets writes. */
    int abandonStale(Instant now) {
        return jdbc.sql("""
                update index_rebuilds set status = 'FAILED', error = 'abandoned: no heartbeat for 2 minutes',
                    finished_at = :now
                where status = 'RUNNING' and heartbeat_at <= now() - interval '2 minutes'
                """).param("now", at(now)).update();
    }

    void insert(UUID id, String target, String requestedBy, Instant now) {
        jdbc.sql("""
                insert into index_rebuilds (id, status, target_index, requested_by, started_at, heartbeat_at)
                values (:id, 'RUNNING', :target, :requestedBy, :now, now())
                """)
                .param("id", id).param("target", target).param("requestedBy", requestedBy).param("now", at(now))
                .update();
    }

    void progress(UUID id, long documents) {
        jdbc.sql("update index_rebuilds set documents = :documents, heartbeat_at = now() where id = :id")
                .param("id", id).param("documents", documents).update();
    }

    void finish(UUID id, String status, String previousIndex, long documents, String error, Instant now) {
        jdbc.sql("""
                update index_rebuilds set status = :status, previous_index = :previous, documents = :documents,
                    error = :error, finished_at = :now
                where id = :id
                """)
                .param("id", id).param("status", status).param("previous", previousIndex)
                .param("documents", documents)
                .param("error", error == null ? null : error.substring(0, Math.min(error.length(), 2000)))
                .param("now", at(now)).update();
    }

    Optional<IndexRebuild> find(UUID id) {
        return jdbc.sql("select * from index_rebuilds where id = :id").param("id", id)
                .query(RebuildRepository::row).optional();
    }

    private static IndexRebuild row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new IndexRebuild(rs.getObject("id", UUID.class), rs.getString("status"), rs.getString("target_index"),
                rs.getString("previous_index"), rs.getString("requested_by"), rs.getLong("documents"),
                rs.getString("error"), rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
