package dev.gantry.search.filters;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Saved filters in table {@code saved_filters}; row-level security keeps every query in the caller's tenant. */
@Repository
class SavedFilterRepository {

    private final JdbcClient jdbc;

    SavedFilterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, SavedFilter filter) {
        jdbc.sql("""
                insert into saved_filters (id, tenant_id, owner_id, project_id, name, query, shared, version,
                    created_at, updated_at)
                values (:id, :tenantId, :ownerId, :projectId, :name, :query, :shared, :version, :createdAt, :updatedAt)
                """)
                .param("id", filter.id()).param("tenantId", tenantId).param("ownerId", filter.ownerId())
                .param("projectId", filter.projectId()).param("name", filter.name()).param("query", filter.query())
                .param("shared", filter.shared()).param("version", filter.version())
                .param("createdAt", filter.createdAt().atOffset(ZoneOffset.UTC))
                .param("updatedAt", filter.updatedAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    Optional<SavedFilter> find(UUID id) {
        return jdbc.sql("select * from saved_filters where id = :id").param("id", id).query(SavedFilterRepository::row)
                .optional();
    }

    /** Replaces name, query, project and sharing if the filter is still at {@code expected}; false otherwise. */
    boolean update(UUID id, long expected, FilterForm form, Instant at) {
        return jdbc.sql("""
                update saved_filters set name = :name, query = :query, project_id = :projectId, shared = :shared,
                    version = version + 1, updated_at = :at
                where id = :id and version = :expected
                """)
                .param("id", id).param("expected", expected).param("name", form.name().strip())
                .param("query", form.query()).param("projectId", form.projectId()).param("shared", form.isShared())
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update() > 0;
    }

    boolean delete(UUID id, long expected) {
        return jdbc.sql("delete from saved_filters where id = :id and version = :expected")
                .param("id", id).param("expected", expected).update() > 0;
    }

    /**
     * The filters a user sees, by id: their own and those shared in the given projects; optionally only those of one
     * project. Fetches {@code limit} rows after {@code after}.
     */
    List<SavedFilter> visible(UUID userId, List<UUID> sharedProjects, boolean allProjects, UUID onlyProject,
            UUID after, int limit) {
        return jdbc.sql("""
                select * from saved_filters
                where (owner_id = :userId or (shared and (:allProjects or project_id = any(:projects))))
                  and (cast(:onlyProject as uuid) is null or project_id = :onlyProject)
                  and (cast(:after as uuid) is null or id > :after)
                order by id
                limit :limit
                """)
                .param("userId", userId).param("projects", sharedProjects.toArray(UUID[]::new))
                .param("allProjects", allProjects).param("onlyProject", onlyProject).param("after", after)
                .param("limit", limit)
                .query(SavedFilterRepository::row).list();
    }

    private static SavedFilter row(ResultSet rs, int n) throws SQLException {
        return new SavedFilter(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getString("name"), rs.getString("query"),
                rs.getBoolean("shared"), rs.getLong("version"),
                rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", java.time.OffsetDateTime.class).toInstant());
    }
}
