package dev.gantry.notification.reminder;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.events.Event;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.events.tasks.TaskDeleted;
import dev.gantry.events.tasks.TaskState;

/**
 * notification-service's own projection of tasks and releases, kept from their events for reminders, escalations,
 * risk warnings and bot commands. Stale events (by aggregate version) change nothing.
 */
@Component
public class TrackedWork {

    private static final TypeReference<List<ReleaseStage>> STAGES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TrackedWork(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void task(Event<?> event, TaskState task) {
        remember(event);
        jdbc.sql("""
                insert into tasks (task_id, tenant_id, project_id, key, title, assignee_id, watcher_ids, due_date,
                                   status_category, release_id, stage_id, version)
                values (:id, :tenantId, :projectId, :key, :title, :assignee, :watchers, :due, :category, :release,
                        :stage, :version)
                on conflict (task_id) do update set key = excluded.key, title = excluded.title,
                    assignee_id = excluded.assignee_id, watcher_ids = excluded.watcher_ids,
                    due_date = excluded.due_date, status_category = excluded.status_category,
                    release_id = excluded.release_id, stage_id = excluded.stage_id, version = excluded.version
                where tasks.version < excluded.version
                """)
                .param("id", task.taskId()).param("tenantId", event.tenantId()).param("projectId", task.projectId())
                .param("key", task.key()).param("title", task.title()).param("assignee", task.assigneeId())
                .param("watchers", task.watcherIds().toArray(UUID[]::new)).param("due", task.dueDate())
                .param("category", task.statusCategory() == null ? "TODO" : task.statusCategory().name())
                .param("release", task.releaseId()).param("stage", task.stageId())
                .param("version", event.aggregateVersion())
                .update();
    }

    public void taskDeleted(Event<TaskDeleted> event) {
        jdbc.sql("delete from tasks where task_id = :id").param("id", event.payload().taskId()).update();
    }

    /**
     * Applies a release's state; {@code approvers} are known only from approval requests, and a stage awaiting
     * approval is remembered with the time it started waiting.
     */
    public void release(Event<?> event, ReleaseState release, List<UUID> approvers) {
        remember(event);
        ReleaseStage awaiting = release.stages().stream()
                .filter(s -> s.status() == StageStatus.AWAITING_APPROVAL).findFirst().orElse(null);
        jdbc.sql("""
                insert into releases (release_id, tenant_id, project_id, project_key, name, version_label, status,
                                      current_stage_id, stages, awaiting_stage_id, awaiting_since, approver_ids, version)
                values (:id, :tenantId, :projectId, :projectKey, :name, :label, :status, :current, :stages,
                        :awaiting, :since, :approvers, :version)
                on conflict (release_id) do update set name = excluded.name, version_label = excluded.version_label,
                    status = excluded.status, current_stage_id = excluded.current_stage_id, stages = excluded.stages,
                    awaiting_since = case when releases.awaiting_stage_id is not distinct from excluded.awaiting_stage_id
                                          then coalesce(releases.awaiting_since, excluded.awaiting_since)
                                          else excluded.awaiting_since end,
                    awaiting_stage_id = excluded.awaiting_stage_id,
                    approver_ids = case when cardinality(excluded.approver_ids) > 0 then excluded.approver_ids
                                        else releases.approver_ids end,
                    version = excluded.version
                where releases.version < excluded.version
                """)
                .param("id", release.releaseId()).param("tenantId", event.tenantId())
                .param("projectId", release.projectId()).param("projectKey", release.projectKey())
                .param("name", release.name()).param("label", release.version())
                .param("status", release.status() == null ? "RUNNING" : release.status().name())
                .param("current", release.currentStageId())
                .param("stages", json.writeValueAsString(release.stages()))
                .param("awaiting", awaiting == null ? null : awaiting.stageId())
                .param("since", awaiting == null ? null : event.time().atOffset(ZoneOffset.UTC))
                .param("approvers", approvers.toArray(UUID[]::new))
                .param("version", event.aggregateVersion())
                .update();
    }

    /** Records the tenant for the scheduled jobs, which visit the tenants with tracked work one by one. */
    private void remember(Event<?> event) {
        jdbc.sql("insert into known_tenants (tenant_id) values (:id) on conflict do nothing")
                .param("id", event.tenantId()).update();
    }

    /** Counts a rejection of a stage; returns how many times that stage has been rejected. */
    public int rejected(UUID releaseId, UUID stageId, UUID tenantId) {
        return jdbc.sql("""
                insert into release_rejections (tenant_id, release_id, stage_id, rejections)
                values (:tenantId, :releaseId, :stageId, 1)
                on conflict (release_id, stage_id) do update set rejections = release_rejections.rejections + 1
                returning rejections
                """).param("tenantId", tenantId).param("releaseId", releaseId).param("stageId", stageId)
                .query(Integer.class).single();
    }

    @Transactional(readOnly = true)
    public Optional<TrackedTask> task(UUID taskId) {
        return jdbc.sql("select * from tasks where task_id = :id").param("id", taskId).query(TrackedWork::taskRow)
                .optional();
    }

    @Transactional(readOnly = true)
    public Optional<TrackedTask> taskByKey(String key) {
        return jdbc.sql("select * from tasks where upper(key) = upper(:key)").param("key", key)
                .query(TrackedWork::taskRow).optional();
    }

    /** Open tasks due between the two dates (inclusive). */
    @Transactional(readOnly = true)
    public List<TrackedTask> openDueBetween(LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select * from tasks where status_category <> 'DONE' and due_date between :from and :to
                order by due_date, key
                """).param("from", from).param("to", to).query(TrackedWork::taskRow).list();
    }

    /** Open tasks due before the date. */
    @Transactional(readOnly = true)
    public List<TrackedTask> openDueBefore(LocalDate date) {
        return jdbc.sql("""
                select * from tasks where status_category <> 'DONE' and due_date < :date order by due_date, key
                """).param("date", date).query(TrackedWork::taskRow).list();
    }

    @Transactional(readOnly = true)
    public List<TrackedTask> openTasksOfRelease(UUID releaseId) {
        return jdbc.sql("select * from tasks where release_id = :id and status_category <> 'DONE' order by key")
                .param("id", releaseId).query(TrackedWork::taskRow).list();
    }

    @Transactional(readOnly = true)
    public Optional<TrackedRelease> release(UUID releaseId) {
        return jdbc.sql("select * from releases where release_id = :id").param("id", releaseId)
                .query(this::releaseRow).optional();
    }

    @Transactional(readOnly = true)
    public List<TrackedRelease> runningReleases() {
        return jdbc.sql("select * from releases where status = 'RUNNING' order by release_id")
                .query(this::releaseRow).list();
    }

    /** A running release by its name, version or "name version", as people type it in chat. */
    @Transactional(readOnly = true)
    public List<TrackedRelease> releasesNamed(String text) {
        return jdbc.sql("""
                select * from releases
                where lower(name) = lower(:text) or lower(version_label) = lower(:text)
                   or lower(name || ' ' || coalesce(version_label, '')) = lower(:text)
                   or release_id::text = lower(:text)
                order by (status = 'RUNNING') desc, release_id desc
                """).param("text", text).query(this::releaseRow).list();
    }

    @Transactional(readOnly = true)
    public List<ReleaseStage> stagesOf(UUID releaseId) {
        return jdbc.sql("select stages from releases where release_id = :id").param("id", releaseId)
                .query(String.class).optional().map(text -> json.readValue(text, STAGES)).orElse(List.of());
    }

    /** Stages rejected at least {@code times} times, by stage id. */
    @Transactional(readOnly = true)
    public Map<UUID, Integer> repeatedRejections(UUID releaseId, int times) {
        return jdbc.sql("""
                select stage_id, rejections from release_rejections where release_id = :id and rejections >= :times
                """).param("id", releaseId).param("times", times)
                .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getInt(2))).list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static TrackedTask taskRow(ResultSet rs, int row) throws SQLException {
        java.sql.Date due = rs.getDate("due_date");
        return new TrackedTask(rs.getObject("task_id", UUID.class), rs.getObject("project_id", UUID.class),
                rs.getString("key"), rs.getString("title"), rs.getObject("assignee_id", UUID.class),
                Arrays.asList((UUID[]) rs.getArray("watcher_ids").getArray()), due == null ? null : due.toLocalDate(),
                rs.getString("status_category"), rs.getObject("release_id", UUID.class),
                rs.getObject("stage_id", UUID.class));
    }

    private TrackedRelease releaseRow(ResultSet rs, int row) throws SQLException {
        UUID awaiting = rs.getObject("awaiting_stage_id", UUID.class);
        String stageName = null;
        if (awaiting != null) {
            stageName = json.readValue(rs.getString("stages"), STAGES).stream()
                    .filter(s -> s.stageId().equals(awaiting)).map(ReleaseStage::name).findFirst().orElse(null);
        }
        Timestamp since = rs.getTimestamp("awaiting_since");
        return new TrackedRelease(rs.getObject("release_id", UUID.class), rs.getObject("project_id", UUID.class),
                rs.getString("project_key"), rs.getString("name"), rs.getString("version_label"),
                rs.getString("status"), awaiting, stageName, since == null ? null : since.toInstant(),
                Arrays.asList((UUID[]) rs.getArray("approver_ids").getArray()));
    }
}
