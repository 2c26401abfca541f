package dev.gantry.task.task;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.DependencyRemoved;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskAssigned;
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskDeleted;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskStatusChanged;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.events.tasks.TaskUpdated;
import dev.gantry.task.board.Rank;
import dev.gantry.task.customfield.CustomField;
import dev.gantry.task.customfield.CustomFields;
import dev.gantry.task.links.ProjectLinks;
import dev.gantry.task.workflow.Workflow;
import dev.gantry.task.workflow.Workflows;

/**
 * Tasks: creating them with gap-free keys, changing them under optimistic concurrency with a history of every field
 * change and the events other services consume, and listing them. Other features change a task through
 * {@link #change}, so every change of a task goes through one place.
 */
@Service
public class Tasks {

    private final TaskRepository repository;
    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final ProjectMembership membership;
    private final Workflows workflows;
    private final CustomFields customFields;
    private final ProjectLinks links;
    private final Outbox outbox;
    private final Clock clock;
    private final Counter created;
    private final Counter completed;

    Tasks(TaskRepository repository, JdbcClient jdbc, ProjectAccess access, ProjectMembership membership,
            Workflows workflows, CustomFields customFields, ProjectLinks links, Outbox outbox, Clock clock,
            MeterRegistry meters) {
        this.repository = repository;
        this.jdbc = jdbc;
        this.access = access;
        this.membership = membership;
        this.workflows = workflows;
        this.customFields = customFields;
        this.links = links;
        this.outbox = outbox;
        this.clock = clock;
        // Not "gantry.tasks.created": OpenMetrics reserves the _created suffix (a counter's creation timestamp) and the
        // Prometheus Java client 1.x strips it, which would export this counter as gantry_tasks_total.
        this.created = Counter.builder("gantry.tasks.creations").description("Tasks created").register(meters);
        this.completed = Counter.builder("gantry.tasks.completed")
                .description("Tasks moved into a status of category DONE").register(meters);
    }

    @Transactional
    public TaskView create(CurrentUser caller, UUID projectId, TaskChanges request) {
        access.require(caller, projectId, ProjectAction.EDIT);
        return TaskView.of(createTask(caller, projectId, request), true);
    }

    /** Creates a task for an already authorized caller, inside the current transaction (also used by imports). */
    public Task createTask(CurrentUser caller, UUID projectId, TaskChanges request) {
        UUID tenantId = TenantContext.requireTenant();
        String projectKey = repository.projectKey(projectId).orElseThrow(() -> notFound(projectId));
        Workflow workflow = workflows.of(projectId);
        Workflow.Status status = workflow.initial();
        if (request.status() != null) {
            status = workflow.status(request.status()).orElseThrow(() -> invalid("status",
                    "is not a status of this project's workflow"));
        }
        // Taking the number locks the project's counter row until commit: creates in a project queue here, and a
        // rolled-back create gives its number back, so keys have no gaps.
        long number = repository.nextNumber(tenantId, projectId);
        Instant now = now();
        UUID reporter = caller.userId();
        Set<UUID> watchers = new LinkedHashSet<>();
        watchers.add(reporter);
        if (request.assigneeId() != null) {
            watchers.add(request.assigneeId());
        }
        Task task = new Task(Ids.newId(), tenantId, projectId, number, projectKey + "-" + number, request.title().strip(),
                request.description(), request.type() == null ? TaskType.TASK : request.type(), status.status(),
                status.category(), request.priority() == null ? Priority.MEDIUM : request.priority(),
                request.assigneeId(), reporter, List.copyOf(watchers), distinct(request.labels()),
                request.startDate(), request.dueDate(), request.estimateMinutes(),
                request.remainingMinutes() != null ? request.remainingMinutes() : request.estimateMinutes(),
                request.parentId(), request.milestoneId(), request.releaseId(), request.stageId(),
                customFields.merge(projectId, Map.of(), request.customFields()),
                Rank.after(repository.lastRank(projectId).orElse(null)), now, now, 1);
        validate(task);
        repository.insert(task);
        outbox.record(TaskEvents.CREATED, task.id(), task.version(), new TaskCreated(task.state()));
        created.increment();
        if (task.statusCategory() == StatusCategory.DONE) {
            completed.increment();
        }
        return task;
    }

    @Transactional(readOnly = true)
    public TaskView get(CurrentUser caller, UUID taskId) {
        return TaskView.of(require(caller, taskId, ProjectAction.READ), true);
    }

    /** The task if the caller may do {@code action} in its project; 404 as if absent otherwise. */
    public Task require(CurrentUser caller, UUID taskId, ProjectAction action) {
        Task task = repository.find(taskId).orElseThrow(() -> taskNotFound(taskId));
        if (!access.allows(caller, task.projectId(), ProjectAction.READ)) {
            throw taskNotFound(taskId);
        }
        access.require(caller, task.projectId(), action);
        return task;
    }

    /** Like {@link #require} but locks the task's row until the transaction ends. */
    public Task requireForUpdate(CurrentUser caller, UUID taskId, ProjectAction action) {
        require(caller, taskId, action);
        return repository.findForUpdate(taskId).orElseThrow(() -> taskNotFound(taskId));
    }

    @Transactional
    public TaskView update(CurrentUser caller, UUID taskId, long expectedVersion, TaskChanges changes,
            Set<String> present) {
        Task before = require(caller, taskId, ProjectAction.EDIT);
        Versions.require("task", expectedVersion, before.version());
        Task after = apply(before, changes, present);
        return TaskView.of(change(before, after), true);
    }

    /**
     * Stores a changed task (version + 1) if it is still at {@code before}'s version, with its history and events:
     * {@code updated} always, {@code status-changed} and {@code assigned} when those changed, all at the new version.
     * Returns {@code before} when nothing changed. 412 when someone else changed the task meanwhile.
     */
    public Task change(Task before, Task proposed) {
        List<String> changedFields = Task.changedFields(before.state(), proposed.state());
        if (changedFields.isEmpty()) {
            return before;
        }
        Instant now = now();
        Task after = new Task(proposed.id(), proposed.tenantId(), proposed.projectId(), proposed.number(),
                proposed.key(), proposed.title(), proposed.description(), proposed.type(), proposed.status(),
                proposed.statusCategory(), proposed.priority(), proposed.assigneeId(), proposed.reporterId(),
                proposed.watcherIds(), proposed.labels(), proposed.startDate(), proposed.dueDate(),
                proposed.estimateMinutes(), proposed.remainingMinutes(), proposed.parentId(), proposed.milestoneId(),
                proposed.releaseId(), proposed.stageId(), proposed.customFields(), proposed.rank(), before.createdAt(),
                now, before.version() + 1);
        if (!repository.update(after, before.version())) {
            long current = repository.find(before.id()).map(Task::version).orElse(before.version());
            throw Versions.stale("task", current);
        }
        String actor = TenantContext.currentActor();
        TaskState oldState = before.state();
        TaskState newState = after.state();
        for (String field : changedFields) {
            var component = java.util.Arrays.stream(TaskState.class.getRecordComponents())
                    .filter(c -> c.getName().equals(field)).findFirst().orElseThrow();
            repository.recordActivity(after, actor, field, Task.value(component, oldState),
                    Task.value(component, newState));
        }
        outbox.record(TaskEvents.UPDATED, after.id(), after.version(), new TaskUpdated(newState, changedFields));
        if (changedFields.contains("status")) {
            outbox.record(TaskEvents.STATUS_CHANGED, after.id(), after.version(),
                    new TaskStatusChanged(newState, before.status(), before.statusCategory()));
            if (after.statusCategory() == StatusCategory.DONE && before.statusCategory() != StatusCategory.DONE) {
                completed.increment();
            }
        }
        if (changedFields.contains("assigneeId")) {
            outbox.record(TaskEvents.ASSIGNED, after.id(), after.version(),
                    new TaskAssigned(newState, before.assigneeId()));
        }
        return after;
    }

    /** Moves a task to another status through the workflow (409 listing the allowed ones when refused). */
    public Task transition(Task before, String status) {
        Workflow workflow = workflows.of(before.projectId());
        Workflow.Status target = workflows.requireTransition(workflow, before.status(), status);
        return change(before, before.withStatus(target.status(), target.category()));
    }

    private Task apply(Task before, TaskChanges changes, Set<String> present) {
        Map<String, Object> custom = present.contains("customFields")
                ? customFields.merge(before.projectId(), before.customFields(), changes.customFields())
                : before.customFields();
        UUID assignee = present.contains("assigneeId") ? changes.assigneeId() : before.assigneeId();
        List<UUID> watchers = before.watcherIds();
        if (assignee != null && !watchers.contains(assignee)) {
            watchers = new ArrayList<>(watchers);
            watchers.add(assignee);
        }
        String status = before.status();
        StatusCategory category = before.statusCategory();
        if (present.contains("status")) {
            if (changes.status() == null) {
                throw invalid("status", "must not be null");
            }
            Workflow.Status target = workflows.requireTransition(workflows.of(before.projectId()), before.status(),
                    changes.status());
            status = target.status();
            category = target.category();
        }
        Task after = new Task(before.id(), before.tenantId(), before.projectId(), before.number(), before.key(),
                present.contains("title") ? changes.title().strip() : before.title(),
                present.contains("description") ? changes.description() : before.description(),
                present.contains("type") ? required(changes.type(), "type") : before.type(), status, category,
                present.contains("priority") ? required(changes.priority(), "priority") : before.priority(),
                assignee, before.reporterId(), watchers,
                present.contains("labels") ? distinct(changes.labels()) : before.labels(),
                present.contains("startDate") ? changes.startDate() : before.startDate(),
                present.contains("dueDate") ? changes.dueDate() : before.dueDate(),
                present.contains("estimateMinutes") ? changes.estimateMinutes() : before.estimateMinutes(),
                present.contains("remainingMinutes") ? changes.remainingMinutes() : before.remainingMinutes(),
                present.contains("parentId") ? changes.parentId() : before.parentId(),
                present.contains("milestoneId") ? changes.milestoneId() : before.milestoneId(),
                present.contains("releaseId") ? changes.releaseId() : before.releaseId(),
                present.contains("stageId") ? changes.stageId() : before.stageId(),
                custom, before.rank(), before.createdAt(), before.updatedAt(), before.version());
        validate(after);
        return after;
    }

    /** The rules that span fields and other data; 400 naming each broken one. */
    private void validate(Task task) {
        List<Problems.FieldError> errors = new ArrayList<>();
        if (task.startDate() != null && task.dueDate() != null && task.dueDate().isBefore(task.startDate())) {
            errors.add(new Problems.FieldError("dueDate", "must not be before startDate"));
        }
        String range = "must be between " + Task.EARLIEST_DATE + " and " + Task.LATEST_DATE;
        if (!Task.plannable(task.startDate())) {
            errors.add(new Problems.FieldError("startDate", range));
        }
        if (!Task.plannable(task.dueDate())) {
            errors.add(new Problems.FieldError("dueDate", range));
        }
        if (task.assigneeId() != null && membership.roleOf(task.projectId(), task.assigneeId()).isEmpty()) {
            errors.add(new Problems.FieldError("assigneeId", "is not a member of the project"));
        }
        if (task.parentId() != null) {
            Optional<Task> parent = task.parentId().equals(task.id()) ? Optional.empty()
                    : repository.find(task.parentId());
            if (parent.isEmpty() || !parent.get().projectId().equals(task.projectId())) {
                errors.add(new Problems.FieldError("parentId", "is not another task of the same project"));
            } else if (isAncestor(task.id(), task.parentId())) {
                errors.add(new Problems.FieldError("parentId", "would make the task its own ancestor"));
            }
        }
        if (task.milestoneId() != null && !links.milestoneExists(task.projectId(), task.milestoneId())) {
            errors.add(new Problems.FieldError("milestoneId", "is not a milestone of the project"));
        }
        if (task.stageId() != null || task.releaseId() != null) {
            if (task.stageId() == null || task.releaseId() == null) {
                errors.add(new Problems.FieldError("stageId", "a stage link needs both releaseId and stageId"));
            } else if (!links.stageExists(task.projectId(), task.releaseId(), task.stageId())) {
                errors.add(new Problems.FieldError("stageId", "is not a stage of a release of the project"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
    }

    private boolean isAncestor(UUID taskId, UUID start) {
        UUID current = start;
        for (int depth = 0; current != null && depth < 100; depth++) {
            if (current.equals(taskId)) {
                return true;
            }
            current = repository.parentOf(current).orElse(null);
        }
        return false;
    }

    @Transactional
    public void delete(CurrentUser caller, UUID taskId, long expectedVersion) {
        Task task = require(caller, taskId, ProjectAction.EDIT);
        Versions.require("task", expectedVersion, task.version());
        if (repository.hasSubtasks(taskId)) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("task-has-subtasks"), "Task has subtasks",
                    "Delete or move the subtasks of " + task.key() + " first.");
        }
        // Dependencies go with the task; their consumers hear of each removal.
        jdbc.sql("select id, predecessor_id, successor_id from dependencies where predecessor_id = :id or successor_id = :id")
                .param("id", taskId)
                .query((rs, n) -> new DependencyRemoved(rs.getObject("id", UUID.class),
                        rs.getObject("predecessor_id", UUID.class), rs.getObject("successor_id", UUID.class)))
                .list()
                .forEach(removed -> outbox.record(TaskEvents.DEPENDENCY_REMOVED, removed.dependencyId(), 2, removed));
        if (!repository.delete(taskId, expectedVersion)) {
            throw Versions.stale("task", repository.find(taskId).map(Task::version).orElse(task.version()));
        }
        outbox.record(TaskEvents.DELETED, taskId, task.version() + 1,
                new TaskDeleted(taskId, task.projectId(), task.key()));
    }

    @Transactional
    public TaskView watch(CurrentUser caller, UUID taskId, boolean watching) {
        Task before = repository.findForUpdate(require(caller, taskId, ProjectAction.READ).id()).orElseThrow();
        Set<UUID> watchers = new LinkedHashSet<>(before.watcherIds());
        if (watching) {
            watchers.add(caller.userId());
        } else {
            watchers.remove(caller.userId());
        }
        return TaskView.of(change(before, before.withWatchers(List.copyOf(watchers))), true);
    }

    /** Adds a watcher (e.g. a commenter) to a task locked by the caller's transaction. */
    public Task addWatcher(Task before, UUID userId) {
        if (before.watcherIds().contains(userId)) {
            return before;
        }
        List<UUID> watchers = new ArrayList<>(before.watcherIds());
        watchers.add(userId);
        return change(before, before.withWatchers(watchers));
    }

    /** Up to {@code limit + 1} tasks of the current tenant after {@code after}, by id: the internal export. */
    public List<Task> exportPage(Optional<UUID> after, int limit) {
        return jdbc.sql("select " + TaskRepository.COLUMNS + """
                 from tasks t where t.tenant_id = :t and (cast(:after as uuid) is null or t.id > cast(:after as uuid))
                order by t.id limit :limit
                """)
                .param("t", TenantContext.requireTenant()).param("after", after.orElse(null))
                .param("limit", limit + 1).query(repository.mapper()).list();
    }

    @Transactional(readOnly = true)
    public CursorPage<TaskActivity> activity(CurrentUser caller, UUID taskId, PageRequest page) {
        require(caller, taskId, ProjectAction.READ);
        return CursorPage.of(repository.activity(taskId, page.after(), page.limit()), page.limit(),
                a -> PageRequest.cursorAfter(a.id()));
    }

    @Transactional(readOnly = true)
    public CursorPage<TaskView> list(CurrentUser caller, UUID projectId, TaskFilter filter, String sort,
            String cursor, Integer limit) {
        access.require(caller, projectId, ProjectAction.READ);
        return query(projectId, null, filter, sort, cursor, limit, customFields.of(projectId));
    }

    /** Tasks assigned to the caller in every project they may read. */
    @Transactional(readOnly = true)
    public CursorPage<TaskView> myTasks(CurrentUser caller, TaskFilter filter, String sort, String cursor,
            Integer limit) {
        ProjectAccess.ReadScope scope = access.readScope(caller);
        TaskFilter mine = new TaskFilter(filter.statuses(), filter.categories(), caller.userId(), false,
                filter.reporterId(), filter.types(), filter.priorities(), filter.label(), filter.milestoneId(),
                filter.releaseId(), filter.stageId(), filter.parentId(), filter.dueBefore(), filter.dueAfter(),
                filter.overdue(), filter.text(), Map.of());
        if (!filter.customFields().isEmpty()) {
            throw invalid("cf", "custom fields belong to a project: filter on them in a project's task list");
        }
        return query(null, scope, mine, sort, cursor, limit, Map.of());
    }

    private CursorPage<TaskView> query(UUID projectId, ProjectAccess.ReadScope scope, TaskFilter filter, String sort,
            String cursorText, Integer limit, Map<String, CustomField> fields) {
        PageRequest page = PageRequest.of(limit, null);
        TaskSort.Order order = TaskSort.Order.parse(sort);
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("select " + TaskRepository.COLUMNS
                + " from tasks t where t.tenant_id = :tenant");
        params.put("tenant", TenantContext.requireTenant());
        if (projectId != null) {
            sql.append(" and t.project_id = :project");
            params.put("project", projectId);
        }
        if (scope != null && !scope.wholeTenant()) {
            sql.append(" and t.project_id = any(:projects)");
            params.put("projects", scope.projectIds().toArray(UUID[]::new));
        }
        where(sql, params, filter, fields);
        String direction = order.descending() ? "desc" : "asc";
        if (cursorText != null && !cursorText.isBlank()) {
            TaskSort.Cursor cursor = TaskSort.Cursor.decode(cursorText, order);
            String comparison = order.descending() ? "<" : ">";
            params.put("cursorId", cursor.id());
            if (order.sort().sqlType == null) {
                sql.append(" and t.id ").append(comparison).append(" :cursorId");
            } else {
                sql.append(" and (").append(order.sort().expression).append(", t.id) ").append(comparison)
                        .append(" (cast(:cursorValue as ").append(order.sort().sqlType).append("), :cursorId)");
                params.put("cursorValue", cursor.value());
            }
        }
        if (order.sort().sqlType == null) {
            sql.append(" order by t.id ").append(direction);
        } else {
            sql.append(" order by ").append(order.sort().expression).append(' ').append(direction)
                    .append(", t.id ").append(direction);
        }
        sql.append(" limit :limit");
        params.put("limit", page.limit() + 1);
        List<Task> rows = jdbc.sql(sql.toString()).params(params).query(repository.mapper()).list();
        CursorPage<Task> tasks = CursorPage.of(rows, page.limit(),
                task -> new TaskSort.Cursor(order.token(), sortValue(order.sort(), task), task.id()).encode());
        return new CursorPage<>(tasks.items().stream().map(t -> TaskView.of(t, false)).toList(), tasks.nextCursor());
    }

    private static String sortValue(TaskSort sort, Task task) {
        return switch (sort) {
            case CREATED -> null;
            case KEY -> Long.toString(task.number());
            case DUE_DATE -> (task.dueDate() == null ? LocalDate.of(9999, 12, 31) : task.dueDate()).toString();
            case UPDATED -> task.updatedAt().toString();
            case PRIORITY -> Integer.toString(task.priority().ordinal());
        };
    }

    private void where(StringBuilder sql, Map<String, Object> params, TaskFilter filter,
            Map<String, CustomField> fields) {
        if (!filter.statuses().isEmpty()) {
            sql.append(" and t.status = any(:statuses)");
            params.put("statuses", filter.statuses().toArray(String[]::new));
        }
        if (!filter.categories().isEmpty()) {
            sql.append(" and t.status_category = any(:categories)");
            params.put("categories", filter.categories().stream().map(Enum::name).toArray(String[]::new));
        }
        if (filter.unassigned()) {
            sql.append(" and t.assignee_id is null");
        } else if (filter.assigneeId() != null) {
            sql.append(" and t.assignee_id = :assignee");
            params.put("assignee", filter.assigneeId());
        }
        equal(sql, params, "t.reporter_id", "reporter", filter.reporterId());
        if (!filter.types().isEmpty()) {
            sql.append(" and t.type = any(:types)");
            params.put("types", filter.types().stream().map(Enum::name).toArray(String[]::new));
        }
        if (!filter.priorities().isEmpty()) {
            sql.append(" and t.priority = any(:priorities)");
            params.put("priorities", filter.priorities().stream().map(Enum::name).toArray(String[]::new));
        }
        if (filter.label() != null) {
            sql.append(" and :label = any(t.labels)");
            params.put("label", filter.label());
        }
        equal(sql, params, "t.milestone_id", "milestone", filter.milestoneId());
        equal(sql, params, "t.release_id", "release", filter.releaseId());
        equal(sql, params, "t.stage_id", "stage", filter.stageId());
        equal(sql, params, "t.parent_id", "parent", filter.parentId());
        if (filter.dueBefore() != null) {
            sql.append(" and t.due_date < :dueBefore");
            params.put("dueBefore", filter.dueBefore());
        }
        if (filter.dueAfter() != null) {
            sql.append(" and t.due_date >= :dueAfter");
            params.put("dueAfter", filter.dueAfter());
        }
        if (Boolean.TRUE.equals(filter.overdue())) {
            sql.append(" and t.status_category <> 'DONE' and t.due_date < :today");
            params.put("today", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            sql.append(" and (t.title ilike :text escape '\\' or t.key = upper(:exactKey))");
            params.put("text", "%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            params.put("exactKey", filter.text().strip());
        }
        int i = 0;
        for (Map.Entry<String, String> wanted : filter.customFields().entrySet()) {
            CustomField field = fields.get(wanted.getKey());
            if (field == null) {
                throw invalid("cf." + wanted.getKey(), "is not a custom field of this project");
            }
            String key = "cfKey" + i;
            String value = "cfValue" + i;
            i++;
            params.put(key, field.key());
            // containment (@>) is answered by the GIN index on custom_fields
            switch (field.type()) {
                case NUMBER -> {
                    BigDecimal number;
                    try {
                        number = new BigDecimal(wanted.getValue().trim());
                    } catch (NumberFormatException e) {
                        throw invalid("cf." + field.key(), "must be a number");
                    }
                    sql.append(" and t.custom_fields @> jsonb_build_object(cast(:").append(key)
                            .append(" as text), cast(:").append(value).append(" as numeric))");
                    params.put(value, number);
                }
                case MULTI_SELECT -> {
                    sql.append(" and t.custom_fields @> jsonb_build_object(cast(:").append(key)
                            .append(" as text), jsonb_build_array(cast(:").append(value).append(" as text)))");
                    params.put(value, wanted.getValue());
                }
                default -> {
                    sql.append(" and t.custom_fields @> jsonb_build_object(cast(:").append(key)
                            .append(" as text), cast(:").append(value).append(" as text))");
                    params.put(value, wanted.getValue());
                }
            }
        }
    }

    private static void equal(StringBuilder sql, Map<String, Object> params, String column, String name, UUID value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static List<String> distinct(List<String> labels) {
        return labels == null ? List.of() : labels.stream().map(String::strip).distinct().toList();
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw invalid(field, "must not be null");
        }
        return value;
    }

    static ValidationProblem invalid(String field, String message) {
        return new ValidationProblem(List.of(new Problems.FieldError(field, message)));
    }

    private static ProblemException notFound(UUID projectId) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Project not found",
                "No project " + projectId + " that you can see in your organisation.");
    }

    public static ProblemException taskNotFound(UUID taskId) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Task not found",
                "No task " + taskId + " that you can see in your organisation.");
    }

    /** Applies a change function to a task and stores it (used by features that compute the new state). */
    public Task change(Task before, UnaryOperator<Task> how) {
        return change(before, how.apply(before));
    }
}
