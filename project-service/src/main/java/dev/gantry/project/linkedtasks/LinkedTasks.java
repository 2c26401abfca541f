package dev.gantry.project.linkedtasks;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.events.Event;
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskDeleted;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskUpdated;

/**
 * task-service's tasks as far as stage gates need them (release, stage, status category), kept from its task events.
 * An event older than what is stored (by aggregate version) changes nothing, and a deleted task stays as a tombstone
 * so that a late created/updated event cannot bring it back.
 */
@Service
public class LinkedTasks {

    private final JdbcClient jdbc;

    LinkedTasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The keys (ids when a task has no key) of the live tasks linked to the stage that are not DONE. */
    @Transactional(readOnly = true)
    public List<String> openTasks(UUID tenantId, UUID stageId) {
        return jdbc.sql("""
                select coalesce(task_key, cast(task_id as varchar)) from linked_tasks
                where tenant_id = :tenantId and stage_id = :stageId and not deleted
                  and status_category is distinct from 'DONE'
                order by task_key, task_id
                """)
                .param("tenantId", tenantId).param("stageId", stageId).query(String.class).list();
    }

    void on(Event<TaskCreated> event) {
        upsert(event, event.payload().task());
    }

    void onUpdated(Event<TaskUpdated> event) {
        upsert(event, event.payload().task());
    }

    void onDeleted(Event<TaskDeleted> event) {
        TaskDeleted deleted = event.payload();
        jdbc.sql("""
                insert into linked_tasks (task_id, tenant_id, project_id, task_key, deleted, version)
                values (:taskId, :tenantId, :projectId, :key, true, :version)
                on conflict (task_id) do update set deleted = true, version = excluded.version
                where linked_tasks.version < excluded.version
                """)
                .param("taskId", deleted.taskId()).param("tenantId", event.tenantId())
                .param("projectId", deleted.projectId()).param("key", deleted.key())
                .param("version", event.aggregateVersion()).update();
    }

    private void upsert(Event<?> event, TaskState task) {
        jdbc.sql("""
                insert into linked_tasks (task_id, tenant_id, project_id, task_key, title, release_id, stage_id,
                                          status_category, deleted, version)
                values (:taskId, :tenantId, :projectId, :key, :title, :releaseId, :stageId, :category, false, :version)
                on conflict (task_id) do update set project_id = excluded.project_id, task_key = excluded.task_key,
                       title = excluded.title, release_id = excluded.release_id, stage_id = excluded.stage_id,
                       status_category = excluded.status_category, version = excluded.version
                where linked_tasks.version < excluded.version and not linked_tasks.deleted
                """)
                .param("taskId", task.taskId()).param("tenantId", event.tenantId())
                .param("projectId", task.projectId()).param("key", truncate(task.key(), 30))
                .param("title", truncate(task.title(), 500)).param("releaseId", task.releaseId())
                .param("stageId", task.stageId())
                .param("category", task.statusCategory() == null ? null : task.statusCategory().name())
                .param("version", event.aggregateVersion()).update();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
