package dev.gantry.project.projects;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.gantry.common.web.PageRequest;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;

/**
 * Projects and their members in PostgreSQL. Every query names the tenant; row-level security would hide other
 * tenants' rows anyway. Deleted projects are invisible to everything but restore and the purge.
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
                                      owner_id, created_by, created_at, updated_at, version)
                values (:id, :tenantId, :key, :name, :description, :status, :startDate, :targetDate,
                        :ownerId, :createdBy, :createdAt, :createdAt, :version)
                """)
                .param("id", project.id())
                .param("tenantId", project.tenantId())
                .param("key", project.key())
                .param("name", project.name())
                .param("description", project.description())
                .param("status", project.status())
                .param("startDate", project.startDate())
                .param("targetDate", project.targetDate())
                .param("ownerId", project.ownerId())
                .param("createdBy", project.createdBy())
                .param("createdAt", project.createdAt().atOffset(ZoneOffset.UTC))
                .param("version", project.version())
                .update();
    }

    /** Writes a changed project if it is still at {@code expectedVersion}; false when someone changed it first. */
    boolean update(Project changed, long expectedVersion) {
        return jdbc.sql("""
                update projects set name = :name, description = :description, status = :status,
                       start_date = :startDate, target_date = :targetDate, owner_id = :ownerId,
                       updated_at = :updatedAt, deleted_at = :deletedAt, version = :version
                where tenant_id = :tenantId and id = :id and version = :expected
                """)
                .param("name", changed.name())
                .param("description", changed.description())
                .param("status", changed.status())
                .param("startDate", changed.startDate())
                .param("targetDate", changed.targetDate())
                .param("ownerId", changed.ownerId())
                .param("updatedAt", changed.updatedAt().atOffset(ZoneOffset.UTC))
                .param("deletedAt", changed.deletedAt() == null ? null : changed.deletedAt().atOffset(ZoneOffset.UTC))
                .param("version", changed.version())
                .param("tenantId", changed.tenantId())
                .param("id", changed.id())
                .param("expected", expectedVersion)
                .update() == 1;
    }

    /** The live (not deleted) project, locked for a change of its members or anything else under its version. */
    Optional<Project> findForUpdate(UUID tenantId, UUID id) {
        return jdbc.sql("select * from projects where tenant_id = :tenantId and id = :id and deleted_at is null for update")
                .param("tenantId", tenantId).param("id", id).query(ProjectRepository::map).optional();
    }

    Optional<Project> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from projects where tenant_id = :tenantId and id = :id and deleted_at is null")
                .param("tenantId", tenantId)
                .param("id", id)
                .query(ProjectRepository::map)
                .optional();
    }

    /** Including deleted ones, for restore within the retention period. */
    Optional<Project> findIncludingDeleted(UUID tenantId, UUID id) {
        return jdbc.sql("select * from projects where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId).param("id", id).query(ProjectRepository::map).optional();
    }

    /**
     * Up to {@code limit + 1} live projects after the cursor in the query's order; {@code visibleTo} limits them to
     * the projects that user is a member of (null for tenant admins, who see all).
     */
    List<Project> page(UUID tenantId, UUID visibleTo, ProjectQuery query, PageRequest page) {
        // The sort expression comes from ProjectQuery.SORTS, never from the client's text.
        String sortExpression = "target_date".equals(query.sortColumn())
                ? "coalesce(p.target_date, date 'infinity')" : "p." + query.sortColumn();
        String sortOfCursor = sortExpression.replace("p.", "c.");
        String direction = query.descending() ? "desc" : "asc";
        String comparison = query.descending() ? "<" : ">";
        return jdbc.sql("""
                select p.* from projects p
                where p.tenant_id = :tenantId and p.deleted_at is null
                  and (cast(:visibleTo as uuid) is null or exists (
                        select 1 from project_members m where m.project_id = p.id and m.user_id = cast(:visibleTo as uuid)))
                  and (cast(:status as varchar) is null or p.status = cast(:status as varchar))
                  and (cast(:member as uuid) is null or exists (
                        select 1 from project_members m where m.project_id = p.id and m.user_id = cast(:member as uuid)))
                  and (cast(:pattern as varchar) is null or p.key ilike cast(:pattern as varchar)
                       or p.name ilike cast(:pattern as varchar) or p.description ilike cast(:pattern as varchar))
                  and (cast(:after as uuid) is null or (%1$s, p.id) %3$s (
                        select %4$s, c.id from projects c where c.tenant_id = :tenantId and c.id = cast(:after as uuid)))
                order by %1$s %2$s, p.id %2$s
                limit :limit
                """.formatted(sortExpression, direction, comparison, sortOfCursor))
                .param("tenantId", tenantId)
                .param("visibleTo", visibleTo)
                .param("status", query.status())
                .param("member", query.member())
                .param("pattern", query.q() == null ? null : "%" + escapeLike(query.q()) + "%")
                .param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1)
                .query(ProjectRepository::map)
                .list();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    void addMember(UUID tenantId, UUID projectId, ProjectMember member, Instant at) {
        jdbc.sql("""
                insert into project_members (project_id, tenant_id, user_id, role, duties, added_at)
                values (:projectId, :tenantId, :userId, :role, :duties, :addedAt)
                """)
                .param("projectId", projectId)
                .param("tenantId", tenantId)
                .param("userId", member.userId())
                .param("role", member.role().name())
                .param("duties", member.duties().toArray(String[]::new))
                .param("addedAt", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    void updateMember(UUID tenantId, UUID projectId, ProjectMember member) {
        jdbc.sql("""
                update project_members set role = :role, duties = :duties
                where tenant_id = :tenantId and project_id = :projectId and user_id = :userId
                """)
                .param("role", member.role().name())
                .param("duties", member.duties().toArray(String[]::new))
                .param("tenantId", tenantId).param("projectId", projectId).param("userId", member.userId())
                .update();
    }

    void removeMember(UUID tenantId, UUID projectId, UUID userId) {
        jdbc.sql("delete from project_members where tenant_id = :tenantId and project_id = :projectId and user_id = :userId")
                .param("tenantId", tenantId).param("projectId", projectId).param("userId", userId).update();
    }

    Optional<ProjectMember> member(UUID tenantId, UUID projectId, UUID userId) {
        return jdbc.sql("""
                select user_id, role, duties from project_members
                where tenant_id = :tenantId and project_id = :projectId and user_id = :userId
                """)
                .param("tenantId", tenantId).param("projectId", projectId).param("userId", userId)
                .query(ProjectRepository::mapMember).optional();
    }

    List<ProjectMember> members(UUID tenantId, UUID projectId) {
        return jdbc.sql("""
                select user_id, role, duties from project_members
                where tenant_id = :tenantId and project_id = :projectId order by added_at, user_id
                """)
                .param("tenantId", tenantId).param("projectId", projectId)
                .query(ProjectRepository::mapMember).list();
    }

    int memberCount(UUID tenantId, UUID projectId) {
        return jdbc.sql("select count(*) from project_members where tenant_id = :tenantId and project_id = :projectId")
                .param("tenantId", tenantId).param("projectId", projectId).query(Integer.class).single();
    }

    static ProjectMember mapMember(ResultSet rs, int row) throws SQLException {
        Array duties = rs.getArray("duties");
        return new ProjectMember(rs.getObject("user_id", UUID.class), ProjectRole.valueOf(rs.getString("role")),
                duties == null ? List.of() : Arrays.asList((String[]) duties.getArray()));
    }

    static Project map(ResultSet rs, int row) throws SQLException {
        return new Project(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("key"), rs.getString("name"), rs.getString("description"), rs.getString("status"),
                rs.getObject("start_date", LocalDate.class), rs.getObject("target_date", LocalDate.class),
                rs.getObject("owner_id", UUID.class), rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("deleted_at")), rs.getLong("version"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
