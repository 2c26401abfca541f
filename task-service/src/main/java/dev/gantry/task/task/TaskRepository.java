package dev.gantry.task.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.Ids;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskType;

/** Tasks in PostgreSQL; every query names the tenant or a row found by the tenant's policy. */
@Repository
class TaskRepository {

    static final String COLUMNS = """
            t.*, array(select w.user_id from task_watchers w where w.task_id = t.id order by w.user_id) as watchers
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RowMapper<Task> mapper = this::map;

    TaskRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    RowMapper<Task> mapper() {
        return mapper;
    }

    /** The next task number of the project, in this transaction (which holds the counter row until it ends). */
    long nextNumber(UUID tenantId, UUID projectId) {
        return jdbc.sql("""
                insert into task_counters (project_id, tenant_id, last_number) values (:p, :t, 1)
                on conflict (project_id) do update set last_number = task_counters.last_number + 1
                returning last_number
                """)
                .param("p", projectId).param("t", tenantId).query(Long.class).single();
    }

    Optional<String> projectKey(UUID projectId) {
        return jdbc.sql("select key from projects where id = :id and status <> 'DELETED'").param("id", projectId)
                .query(String.class).optional();
    }

    Optional<String> lastRank(UUID projectId) {
        return jdbc.sql("select max(rank) from tasks where project_id = :p").param("p", projectId)
                .query(String.class).optional();
    }

    void insert(Task task) {
        jdbc.sql("""
                insert into tasks (id, tenant_id, project_id, number, key, title, description, type, status,
                                   status_category, priority, priority_order, assignee_id, reporter_id, labels,
                                   start_date, due_date, estimate_minutes, remaining_minutes, parent_id, milestone_id,
                                   release_id, stage_id, custom_fields, rank, created_at, updated_at, completed_at,
                                   version)
                values (:id, :tenantId, :projectId, :number, :key, :title, :description, :type, :status,
                        :statusCategory, :priority, :priorityOrder, :assigneeId, :reporterId, :labels,
                        :startDate, :dueDate, :estimate, :remaining, :parentId, :milestoneId,
                        :releaseId, :stageId, cast(:customFields as jsonb), :rank, :createdAt, :updatedAt,
                        :completedAt, :version)
                """)
                .params(params(task))
                .param("number", task.number())
                .param("key", task.key())
                .param("reporterId", task.reporterId())
                .param("rank", task.rank())
                .param("createdAt", task.createdAt().atOffset(ZoneOffset.UTC))
                .update();
        replaceWatchers(task);
    }

    /** Writes the new state if the row is still at {@code expectedVersion}; false when someone else changed it. */
    boolean update(Task task, long expectedVersion) {
        int updated = jdbc.sql("""
                update tasks set title = :title, description = :description, type = :type, status = :status,
                    status_category = :statusCategory, priority = :priority, priority_order = :priorityOrder,
                    assignee_id = :assigneeId, labels = :labels, start_date = :startDate, due_date = :dueDate,
                    estimate_minutes = :estimate, remaining_minutes = :remaining, parent_id = :parentId,
                    milestone_id = :milestoneId, release_id = :releaseId, stage_id = :stageId,
                    custom_fields = cast(:customFields as jsonb), updated_at = :updatedAt,
                    completed_at = case when :statusCategory = 'DONE' then coalesce(completed_at, :updatedAt) end,
                    version = :version
                where id = :id and version = :expected
                """)
                .params(params(task))
                .param("expected", expectedVersion)
                .update();
        if (updated > 0) {
            replaceWatchers(task);
        }
        return updated > 0;
    }

    private Map<String, Object> params(Task task) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", task.id());
        params.put("tenantId", task.tenantId());
        params.put("projectId", task.projectId());
        params.put("title", task.title());
        params.put("description", task.description());
        params.put("type", task.type().name());
        params.put("status", task.status());
        params.put("statusCategory", task.statusCategory().name());
        params.put("priority", task.priority().name());
        params.put("priorityOrder", task.priority().ordinal());
        params.put("assigneeId", task.assigneeId());
        params.put("labels", task.labels().toArray(String[]::new));
        params.put("startDate", task.startDate());
        params.put("dueDate", task.dueDate());
        params.put("estimate", task.estimateMinutes());
        params.put("remaining", task.remainingMinutes());
        params.put("parentId", task.parentId());
        params.put("milestoneId", task.milestoneId());
        params.put("releaseId", task.releaseId());
        params.put("stageId", task.stageId());
        params.put("customFields", json.writeValueAsString(task.customFields()));
        params.put("updatedAt", task.updatedAt().atOffset(ZoneOffset.UTC));
        params.put("completedAt", task.statusCategory() == StatusCategory.DONE
                ? task.updatedAt().atOffset(ZoneOffset.UTC) : null);
        params.put("version", task.version());
        return params;
    }

    private void replaceWatchers(Task task) {
        jdbc.sql("delete from task_watchers where task_id = :id").param("id", task.id()).update();
        for (UUID watcher : task.watcherIds()) {
            jdbc.sql("insert into task_watchers (task_id, tenant_id, user_id) values (:id, :t, :u)")
                    .param("id", task.id()).param("t", task.tenantId()).param("u", watcher).update();
        }
    }

    Optional<Task> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from tasks t where t.id = :id").param("id", id).query(mapper)
                .optional();
    }

    /** The task, locked until the transaction ends, so changes of it queue. */
    Optional<Task> findForUpdate(UUID id) {
        jdbc.sql("select id from tasks where id = :id for update").param("id", id).query(UUID.class).optional();
        return find(id);
    }

    boolean hasSubtasks(UUID id) {
        return jdbc.sql("select count(*) from tasks where parent_id = :id").param("id", id).query(Long.class)
                .single() > 0;
    }

    Optional<UUID> parentOf(UUID id) {
        return jdbc.sql("select parent_id from tasks where id = :id").param("id", id).query(UUID.class).optional();
    }

    boolean delete(UUID id, long expectedVersion) {
        return jdbc.sql("delete from tasks where id = :id and version = :v").param("id", id)
                .param("v", expectedVersion).update() > 0;
    }

    void recordActivity(Task after, String actor, String field, Object oldValue, Object newValue) {
        jdbc.sql("""
                insert into task_activity (id, tenant_id, task_id, version, actor_id, at, field, old_value, new_value)
                values (:id, :t, :task, :v, :actor, :at, :field, :old, :new)
                """)
                .param("id", Ids.newId()).param("t", after.tenantId()).param("task", after.id())
                .param("v", after.version()).param("actor", actor)
                .param("at", after.updatedAt().atOffset(ZoneOffset.UTC)).param("field", field)
                .param("old", text(oldValue)).param("new", text(newValue)).update();
    }

    List<TaskActivity> activity(UUID taskId, Optional<UUID> after, int limit) {
        return jdbc.sql("""
                select id, version, actor_id, at, field, old_value, new_value from task_activity
                where task_id = :task and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id limit :limit
                """)
                .param("task", taskId).param("after", after.orElse(null)).param("limit", limit + 1)
                .query((rs, n) -> new TaskActivity(rs.getObject("id", UUID.class), rs.getLong("version"),
                        rs.getString("actor_id"), rs.getTimestamp("at").toInstant(), rs.getString("field"),
                        rs.getString("old_value"), rs.getString("new_value")))
                .list();
    }

    private String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String || value instanceof UUID || value instanceof Enum<?> || value instanceof Number
                || value instanceof LocalDate) {
            return value.toString();
        }
        return json.writeValueAsString(value);
    }

    private Task map(ResultSet rs, int row) throws SQLException {
        Map<String, Object> custom = json.readValue(rs.getString("custom_fields"),
                new TypeReference<Map<String, Object>>() { });
        return new Task(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getLong("number"), rs.getString("key"),
                rs.getString("title"), rs.getString("description"), TaskType.valueOf(rs.getString("type")),
                rs.getString("status"), StatusCategory.valueOf(rs.getString("status_category")),
                Priority.valueOf(rs.getString("priority")), rs.getObject("assignee_id", UUID.class),
                rs.getObject("reporter_id", UUID.class),
                Arrays.asList((UUID[]) rs.getArray("watchers").getArray()),
                Arrays.asList((String[]) rs.getArray("labels").getArray()),
                rs.getObject("start_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                (Long) rs.getObject("estimate_minutes"), (Long) rs.getObject("remaining_minutes"),
                rs.getObject("parent_id", UUID.class), rs.getObject("milestone_id", UUID.class),
                rs.getObject("release_id", UUID.class), rs.getObject("stage_id", UUID.class), custom,
                rs.getString("rank"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }
}
