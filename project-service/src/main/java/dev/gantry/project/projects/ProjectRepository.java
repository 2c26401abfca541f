package dev.gantry.project.projects;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.gantry.common.web.PageRequest;

/**
 * Projects in PostgreSQL. Every query names the tenant; row-level security would hide other tenants' rows anyway.
 */
@Repository
class ProjectRepository {

    private final JdbcClient jdbc;

    ProjectRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Project project) {
        jdbc.sql("""
                insert into projects (id, tenant_id, key, name, description, created_by, created_at, version)
                values (:id, :tenantId, :key, :name, :description, :createdBy, :createdAt, :version)
                """)
                .param("id", project.id())
                .param("tenantId", project.tenantId())
                .param("key", project.key())
                .param("name", project.name())
                .param("description", project.description())
                .param("createdBy", project.createdBy())
                .param("createdAt", project.createdAt().atOffset(ZoneOffset.UTC))
                .param("version", project.version())
                .update();
    }

    Optional<Project> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from projects where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ProjectRepository::map)
                .optional();
    }

    /** Up to {@code limit + 1} projects after the cursor, oldest first. */
    List<Project> page(UUID tenantId, PageRequest page) {
        return jdbc.sql("""
                select * from projects
                where tenant_id = :tenantId and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id
                limit :limit
                """)
                .param("tenantId", tenantId)
                .param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1)
                .query(ProjectRepository::map)
                .list();
    }

    private static Project map(ResultSet rs, int row) throws SQLException {
        return new Project(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("key"), rs.getString("name"), rs.getString("description"), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), rs.getLong("version"));
    }
}
