package dev.gantry.common.membership;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.events.Event;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectDeleted;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectMemberAdded;
import dev.gantry.events.projects.ProjectMemberChanged;
import dev.gantry.events.projects.ProjectMemberRemoved;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ProjectUpdated;

/**
 * The projection of projects and their members that a consuming service authorizes from (task-service,
 * search-service, notification-service), kept from project-service's events. Each handler runs in the event's tenant
 * transaction; an event older than what the projection holds (by aggregate version) changes nothing. A service
 * includes {@link #subscriptions()} in its one {@link EventSubscriptions} bean.
 */
public class ProjectMembership {

    /** The handler name under which the projection's events are recorded as applied. */
    public static final String HANDLER = "project-membership";
    static final String DELETED = "DELETED";

    private final JdbcClient jdbc;

    public ProjectMembership(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The project events this projection applies. */
    public EventSubscriptions subscriptions() {
        return EventSubscriptions.builder()
                .on(ProjectEvents.CREATED, HANDLER, this::onCreated)
                .on(ProjectEvents.UPDATED, HANDLER, this::onUpdated)
                .on(ProjectEvents.DELETED, HANDLER, this::onDeleted)
                .on(ProjectEvents.MEMBER_ADDED, HANDLER, this::onMemberAdded)
                .on(ProjectEvents.MEMBER_CHANGED, HANDLER, this::onMemberChanged)
                .on(ProjectEvents.MEMBER_REMOVED, HANDLER, this::onMemberRemoved)
                .build();
    }

    void onCreated(Event<ProjectCreated> event) {
        ProjectCreated project = event.payload();
        if (upsertProject(event, project.projectId(), project.key(), project.name(), project.status())) {
            jdbc.sql("delete from project_members where project_id = :id").param("id", project.projectId()).update();
            project.members().forEach(member -> upsertMember(event.tenantId(), project.projectId(), member));
        }
    }

    void onUpdated(Event<ProjectUpdated> event) {
        ProjectUpdated project = event.payload();
        upsertProject(event, project.projectId(), project.key(), project.name(), project.status());
    }

    /** Writes the project at the event's version unless the projection already holds that version or a later one. */
    private boolean upsertProject(Event<?> event, UUID id, String key, String name, String status) {
        return jdbc.sql("""
                insert into projects (id, tenant_id, key, name, status, version, updated_at)
                values (:id, :tenantId, :key, :name, :status, :version, :at)
                on conflict (id) do update set key = excluded.key, name = excluded.name, status = excluded.status,
                    version = excluded.version, updated_at = excluded.updated_at
                where projects.version < excluded.version
                """)
                .param("id", id)
                .param("tenantId", event.tenantId())
                .param("key", key)
                .param("name", name)
                .param("status", status)
                .param("version", event.aggregateVersion())
                .param("at", at(event))
                .update() > 0;
    }

    /**
     * A deleted project takes its members with it, so nobody reads it any more; the row stays as a tombstone at the
     * deletion's version so that a late, older event cannot bring the project back.
     */
    void onDeleted(Event<ProjectDeleted> event) {
        if (advance(event)) {
            jdbc.sql("update projects set status = :deleted where id = :id")
                    .param("deleted", DELETED).param("id", event.payload().projectId()).update();
            jdbc.sql("delete from project_members where project_id = :id")
                    .param("id", event.payload().projectId()).update();
        }
    }

    void onMemberAdded(Event<ProjectMemberAdded> event) {
        if (advance(event)) {
            upsertMember(event.tenantId(), event.payload().projectId(), event.payload().member());
        }
    }

    void onMemberChanged(Event<ProjectMemberChanged> event) {
        if (advance(event)) {
            upsertMember(event.tenantId(), event.payload().projectId(), event.payload().member());
        }
    }

    void onMemberRemoved(Event<ProjectMemberRemoved> event) {
        if (advance(event)) {
            jdbc.sql("delete from project_members where project_id = :projectId and user_id = :userId")
                    .param("projectId", event.payload().projectId())
                    .param("userId", event.payload().userId())
                    .update();
        }
    }

    /** The member's role in a project, if they are a member; empty for projects of other tenants. */
    public Optional<ProjectRole> roleOf(UUID projectId, UUID userId) {
        return jdbc.sql("select role from project_members where project_id = :projectId and user_id = :userId")
                .param("projectId", projectId)
                .param("userId", userId)
                .query(String.class)
                .optional()
                .map(ProjectRole::valueOf);
    }

    /** The version of the project the projection holds; empty if unknown. */
    public Optional<Long> versionOf(UUID projectId) {
        return jdbc.sql("select version from projects where id = :id").param("id", projectId).query(Long.class)
                .optional();
    }

    public List<UUID> membersOf(UUID projectId) {
        return jdbc.sql("select user_id from project_members where project_id = :id order by user_id")
                .param("id", projectId).query(UUID.class).list();
    }

    /** The members holding a role, e.g. the MANAGERs an overdue task escalates to. */
    public List<UUID> membersWithRole(UUID projectId, ProjectRole role) {
        return jdbc.sql("""
                select user_id from project_members where project_id = :id and role = :role order by user_id
                """)
                .param("id", projectId).param("role", role.name()).query(UUID.class).list();
    }

    /** The members holding a duty (QA, OPS, ...), e.g. the approvers of a rule by duty. */
    public List<UUID> membersWithDuty(UUID projectId, String duty) {
        return jdbc.sql("""
                select user_id from project_members where project_id = :id and :duty = any(duties) order by user_id
                """)
                .param("id", projectId).param("duty", duty).query(UUID.class).list();
    }

    /** Whether the projection knows the project (in the current tenant). */
    public boolean exists(UUID projectId) {
        return jdbc.sql("select count(*) from projects where id = :id and status <> :deleted")
                .param("id", projectId).param("deleted", DELETED).query(Long.class).single() > 0;
    }

    /** The projects of the current tenant the user is a member of, in any role. */
    public List<UUID> projectsOf(UUID userId) {
        return jdbc.sql("select project_id from project_members where user_id = :userId order by project_id")
                .param("userId", userId).query(UUID.class).list();
    }

    /** Moves the project to the event's version; false when the projection already is at it or beyond. */
    private boolean advance(Event<?> event) {
        return jdbc.sql("""
                update projects set version = :version, updated_at = :at
                where id = :id and version < :version
                """)
                .param("id", event.aggregateId())
                .param("version", event.aggregateVersion())
                .param("at", at(event))
                .update() > 0;
    }

    private void upsertMember(UUID tenantId, UUID projectId, ProjectMember member) {
        jdbc.sql("""
                insert into project_members (project_id, tenant_id, user_id, role, duties)
                values (:projectId, :tenantId, :userId, :role, :duties)
                on conflict (project_id, user_id) do update set role = excluded.role, duties = excluded.duties
                """)
                .param("projectId", projectId)
                .param("tenantId", tenantId)
                .param("userId", member.userId())
                .param("role", member.role().name())
                .param("duties", member.duties().toArray(String[]::new))
                .update();
    }

    private static OffsetDateTime at(Event<?> event) {
        return event.time().atOffset(ZoneOffset.UTC);
    }
}
