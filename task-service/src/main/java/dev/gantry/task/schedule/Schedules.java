package dev.gantry.task.schedule;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.DependencyType;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.task.task.Task;
import dev.gantry.task.task.TaskView;
import dev.gantry.task.task.Tasks;

/**
 * Schedules of projects: two queries (the project's tasks, the dependencies into them) loaded into arrays, the
 * critical path computed by {@link CriticalPath} on the tenant's {@link WorkingCalendar}; and moving a task with its
 * successors shifted along (opt-in).
 */
@Service
public class Schedules {

    /** Minutes in a working day, to turn an estimate into days when a task has no dates. */
    static final int MINUTES_PER_DAY = 8 * 60;
    static final int MAX_SHIFTED = 1_000;

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final Calendars calendars;
    private final Tasks tasks;
    private final Clock clock;

    Schedules(JdbcClient jdbc, ProjectAccess access, Calendars calendars, Tasks tasks, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.calendars = calendars;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Schedule of(CurrentUser caller, UUID projectId) {
        access.require(caller, projectId, ProjectAction.READ);
        return compute(projectId);
    }

    /** Columns of one task row, kept in parallel arrays while loading. */
    private static final class Loaded {
        final List<UUID> ids = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        final List<String> titles = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> categories = new ArrayList<>();
        final List<UUID> assignees = new ArrayList<>();
        final List<LocalDate> starts = new ArrayList<>();
        final List<LocalDate> dues = new ArrayList<>();
        final List<Long> estimates = new ArrayList<>();
    }

    private record Row(UUID id, UUID predecessor, UUID successor, DependencyType type, int lag, boolean external,
            LocalDate predecessorStart, LocalDate predecessorDue, UUID successorProjectId) {
    }

    Schedule compute(UUID projectId) {
        UUID tenant = TenantContext.requireTenant();
        Loaded t = new Loaded();
        jdbc.sql("""
                select id, key, title, status, status_category, assignee_id, start_date, due_date, estimate_minutes
                from tasks where tenant_id = :t and project_id = :p order by number
                """)
                .param("t", tenant).param("p", projectId)
                .query(rs -> {
                    t.ids.add(rs.getObject(1, UUID.class));
                    t.keys.add(rs.getString(2));
                    t.titles.add(rs.getString(3));
                    t.statuses.add(rs.getString(4));
                    t.categories.add(rs.getString(5));
                    t.assignees.add(rs.getObject(6, UUID.class));
                    t.starts.add(rs.getObject(7, LocalDate.class));
                    t.dues.add(rs.getObject(8, LocalDate.class));
                    long estimate = rs.getLong(9);
                    t.estimates.add(rs.wasNull() ? null : estimate);
                });
        List<Row> rows = new ArrayList<>();
        jdbc.sql("""
                select d.id, d.predecessor_id, d.successor_id, d.type, d.lag_days,
                       d.predecessor_project_id <> d.successor_project_id as external, p.start_date, p.due_date
                from dependencies d
                left join tasks p on p.id = d.predecessor_id and d.predecessor_project_id <> d.successor_project_id
                where d.tenant_id = :t and d.successor_project_id = :p
                """)
                .param("t", tenant).param("p", projectId)
                .query(rs -> {
                    rows.add(new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                            rs.getObject(3, UUID.class), DependencyType.valueOf(rs.getString(4)), rs.getInt(5),
                            rs.getBoolean(6), rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class),
                            projectId));
                });

        int n = t.ids.size();
        Map<UUID, Integer> index = new HashMap<>(n * 2);
        LocalDate origin = null;
        for (int i = 0; i < n; i++) {
            index.put(t.ids.get(i), i);
            LocalDate first = t.starts.get(i) != null ? t.starts.get(i) : t.dues.get(i);
            if (first != null && (origin == null || first.isBefore(origin))) {
                origin = first;
            }
        }
        if (origin == null) {
            origin = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        }
        WorkingCalendar calendar = calendars.working(origin);
        int[] duration = new int[n];
        int[] notBefore = new int[n];
        for (int i = 0; i < n; i++) {
            duration[i] = durationOf(calendar, t.starts.get(i), t.dues.get(i), t.estimates.get(i));
            LocalDate start = t.starts.get(i);
            if (start == null && t.dues.get(i) != null) {
                // only a due date: plan the task to end on it
                start = calendar.dateAt(Math.max(0, calendar.indexOnOrBefore(t.dues.get(i)) - duration[i] + 1));
            }
            notBefore[i] = start == null ? 0 : calendar.indexOnOrAfter(start);
        }

        int internal = 0;
        for (Row row : rows) {
            if (!row.external() && index.containsKey(row.predecessor())) {
                internal++;
            }
        }
        int[] pred = new int[internal];
        int[] succ = new int[internal];
        DependencyType[] type = new DependencyType[internal];
        int[] lag = new int[internal];
        int e = 0;
        List<Schedule.Link> links = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Integer s = index.get(row.successor());
            links.add(new Schedule.Link(row.id(), row.predecessor(), row.successor(), row.type(), row.lag(),
                    row.external()));
            if (s == null) {
                continue;
            }
            if (!row.external() && index.containsKey(row.predecessor())) {
                pred[e] = index.get(row.predecessor());
                succ[e] = s;
                type[e] = row.type();
                lag[e] = row.lag();
                e++;
            } else if (row.predecessorStart() != null || row.predecessorDue() != null) {
                // a predecessor in another project constrains by its planned dates
                notBefore[s] = Math.max(notBefore[s], externalBound(calendar, row, duration[s]));
            }
        }

        CriticalPath.Result result = CriticalPath.compute(duration, notBefore,
                new CriticalPath.Edges(pred, succ, type, lag));
        List<Schedule.ScheduledTask> scheduled = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            scheduled.add(new Schedule.ScheduledTask(t.ids.get(i), t.keys.get(i), t.titles.get(i),
                    t.statuses.get(i), StatusCategory.valueOf(t.categories.get(i)), t.assignees.get(i),
                    t.starts.get(i), t.dues.get(i), duration[i], calendar.dateAt(result.earlyStart()[i]),
                    finishDate(calendar, result.earlyStart()[i], result.earlyFinish()[i]),
                    calendar.dateAt(Math.max(0, result.lateStart()[i])),
                    finishDate(calendar, result.lateStart()[i], result.lateFinish()[i]), result.totalFloat()[i],
                    result.critical(i)));
        }
        List<UUID> critical = Arrays.stream(result.criticalPath()).mapToObj(t.ids::get).toList();
        LocalDate finish = n == 0 ? origin : finishDate(calendar, 0, result.finish());
        return new Schedule(projectId, calendar.dateAt(0), finish, scheduled, links, critical);
    }

    private static int externalBound(WorkingCalendar calendar, Row row, int successorDuration) {
        LocalDate start = row.predecessorStart() != null ? row.predecessorStart() : row.predecessorDue();
        LocalDate due = row.predecessorDue() != null ? row.predecessorDue() : row.predecessorStart();
        int ps = calendar.indexOnOrAfter(start);
        int pf = calendar.indexOnOrBefore(due) + 1;
        return switch (row.type()) {
            case FS -> pf + row.lag();
            case SS -> ps + row.lag();
            case FF -> pf + row.lag() - successorDuration;
            case SF -> ps + row.lag() - successorDuration;
        };
    }

    static int durationOf(WorkingCalendar calendar, LocalDate start, LocalDate due, Long estimateMinutes) {
        if (start != null && due != null) {
            return Math.max(1, calendar.workingDaysBetween(start, due));
        }
        if (estimateMinutes != null && estimateMinutes > 0) {
            return (int) Math.min(10_000, (estimateMinutes + MINUTES_PER_DAY - 1) / MINUTES_PER_DAY);
        }
        return 1;
    }

    private static LocalDate finishDate(WorkingCalendar calendar, int start, int exclusiveFinish) {
        return calendar.dateAt(Math.max(0, exclusiveFinish > start ? exclusiveFinish - 1 : start));
    }

    /** A task whose dates changed because a predecessor moved. */
    public record Shift(UUID taskId, String key, LocalDate fromStart, LocalDate toStart, LocalDate fromDue,
            LocalDate toDue) {
    }

    /** The moved task and the successors shifted with it. */
    public record MoveResult(TaskView task, List<Shift> shifted) {
    }

    /**
     * Gives a task new dates; with {@code shiftSuccessors}, successors (transitively, in any project the caller may
     * edit) whose planned start no longer satisfies a dependency move later by as many working days as needed,
     * keeping their length. Nothing ever moves earlier.
     */
    @Transactional
    public MoveResult move(CurrentUser caller, UUID taskId, long expectedVersion, LocalDate start, LocalDate due,
            boolean shiftSuccessors) {
        if (start != null && due != null && due.isBefore(start)) {
            throw new ValidationProblem(List.of(new Problems.FieldError("dueDate", "must not be before startDate")));
        }
        if (!Task.plannable(start) || !Task.plannable(due)) {
            throw new ValidationProblem(List.of(new Problems.FieldError(Task.plannable(start) ? "dueDate" : "startDate",
                    "must be between " + Task.EARLIEST_DATE + " and " + Task.LATEST_DATE)));
        }
        Task before = tasks.requireForUpdate(caller, taskId, ProjectAction.EDIT);
        Versions.require("task", expectedVersion, before.version());
        Task moved = tasks.change(before, before.withDates(start, due));
        List<Shift> shifted = new ArrayList<>();
        if (shiftSuccessors && (start != null || due != null)) {
            LocalDate earliest = start != null ? start : due;
            if (before.startDate() != null && before.startDate().isBefore(earliest)) {
                earliest = before.startDate();
            }
            WorkingCalendar calendar = calendars.working(earliest.minusYears(2));
            Deque<Task> queue = new ArrayDeque<>();
            queue.add(moved);
            Map<UUID, Task> current = new LinkedHashMap<>();
            current.put(moved.id(), moved);
            while (!queue.isEmpty()) {
                Task predecessor = queue.poll();
                for (Row edge : successorsOf(predecessor.id())) {
                    if (shifted.size() >= MAX_SHIFTED) {
                        throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("too-many-shifts"),
                                "Too many successors", "Moving this task would shift more than " + MAX_SHIFTED
                                        + " tasks; move them in smaller steps.");
                    }
                    Task successor = current.get(edge.successor());
                    if (successor == null) {
                        // successors in projects the caller may not edit stay where they are
                        if (!access.allows(caller, edge.successorProjectId(), ProjectAction.EDIT)) {
                            continue;
                        }
                        successor = tasks.requireForUpdate(caller, edge.successor(), ProjectAction.EDIT);
                    }
                    Task after = shifted(calendar, predecessor, successor, edge);
                    if (after != successor) {
                        Task stored = tasks.change(successor, after);
                        shifted.add(new Shift(successor.id(), successor.key(), successor.startDate(),
                                stored.startDate(), successor.dueDate(), stored.dueDate()));
                        current.put(stored.id(), stored);
                        queue.add(stored);
                    }
                }
            }
        }
        return new MoveResult(TaskView.of(moved, true), shifted);
    }

    /** The successor with dates satisfying the dependency on the predecessor's dates, or itself when it does. */
    private static Task shifted(WorkingCalendar calendar, Task predecessor, Task successor, Row edge) {
        if ((successor.startDate() == null && successor.dueDate() == null)
                || (predecessor.startDate() == null && predecessor.dueDate() == null)) {
            return successor;
        }
        LocalDate pStart = predecessor.startDate() != null ? predecessor.startDate() : predecessor.dueDate();
        LocalDate pDue = predecessor.dueDate() != null ? predecessor.dueDate() : predecessor.startDate();
        int ps = calendar.indexOnOrAfter(pStart);
        int pf = calendar.indexOnOrBefore(pDue) + 1;
        LocalDate sStart = successor.startDate() != null ? successor.startDate() : successor.dueDate();
        LocalDate sDue = successor.dueDate() != null ? successor.dueDate() : successor.startDate();
        int length = Math.max(1, calendar.workingDaysBetween(sStart, sDue));
        int required = switch (edge.type()) {
            case FS -> pf + edge.lag();
            case SS -> ps + edge.lag();
            case FF -> pf + edge.lag() - length;
            case SF -> ps + edge.lag() - length;
        };
        int currentStart = calendar.indexOnOrAfter(sStart);
        if (currentStart >= required) {
            return successor;
        }
        LocalDate newStart = calendar.dateAt(required);
        LocalDate newDue = calendar.dateAt(required + length - 1);
        return successor.withDates(successor.startDate() == null ? null : newStart,
                successor.dueDate() == null ? null : newDue);
    }

    private List<Row> successorsOf(UUID taskId) {
        return jdbc.sql("""
                select id, predecessor_id, successor_id, type, lag_days, successor_project_id from dependencies
                where predecessor_id = :id order by id
                """)
                .param("id", taskId)
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), DependencyType.valueOf(rs.getString(4)), rs.getInt(5), false,
                        null, null, rs.getObject(6, UUID.class)))
                .list();
    }
}
