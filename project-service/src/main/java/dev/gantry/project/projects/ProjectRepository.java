package dev.gantry.project.projects;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.gantry.common.web.PageRequest;
import dev.gantry.events.projects.ProjectMember;

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
                insert into projects (id, tenant_id, key, name, description, status, start_date, target_date,
                                      created_by, created_at, version)
                values (:id, :tenantId, :key, :name, :description, :status, :startDate, :targetDate,
                        :createdBy, :createdAt, :version)
                """)
                .param("id", project.id())
                .param("tenantId", project.tenantId())
                .param("key", project.key())
                .param("name", project.name())
                .param("description", project.description())
                .param("status", project.status())
                .param("startDate", project.startDate())
                .param("targetDate", project.targetDate())
                .param("createdBy", project.createdBy())
                .param("createdAt", project.createdAt().atOffset(ZoneOffset.UTC))
                .param("version", project.version())
                .update();
    }

    void addMember(Project project, ProjectMember member) {
        jdbc.sql("""
                insert into project_members (project_id, tenant_id, user_id, role, duties, added_at)
                values (:projectId, :tenantId, :userId, :role, :duties, :addedAt)
                """)
                .param("projectId", project.id())
                .param("tenantId", project.tenantId())
                .param("userId", member.userId())
                .param("role", member.role().name())
                .param("duties", member.duties().toArray(String[]::new))
                .param("addedAt", project.createdAt().atOffset(ZoneOffset.UTC))
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
                rs.getString("key"), rs.getString("name"), rs.getString("description"), rs.getString("status"),
                rs.getObject("start_date", LocalDate.class), rs.getObject("target_date", LocalDate.class),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(), rs.getLong("version"));
    }
}
