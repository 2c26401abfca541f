package dev.gantry.task.worklog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.WorklogAdded;
import dev.gantry.task.task.Task;
import dev.gantry.task.task.Tasks;

/**
 * Worklogs (工时) and the remaining estimate (剩余工时) they burn down, and reports of logged time. A worklog is
 * editable by its author for a policy window after it was logged ({@code gantry.tasks.worklog-edit-window}).
 */
@Service
public class Worklogs {

    static final int MAX_MINUTES_PER_DAY = 24 * 60;
    static final int MAX_REPORT_DAYS = 366;

    private final JdbcClient jdbc;
    private final Tasks tasks;
    private final ProjectAccess access;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration editWindow;
    private final Counter hours;

    Worklogs(JdbcClient jdbc, Tasks tasks, ProjectAccess access, Outbox outbox, Clock clock, MeterRegistry meters,
            @Value("${gantry.tasks.worklog-edit-window:P7D}") Duration editWindow) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
        this.editWindow = editWindow;
        this.hours = Counter.builder("gantry.worklog.hours").baseUnit("hours")
                .description("Hours logged on tasks").register(meters);
    }

    @Transactional
    public Worklog add(CurrentUser caller, UUID taskId, LocalDate workDate, int minutes, String note,
            Long remainingMinutes) {
        Task task = tasks.requireForUpdate(caller, taskId, ProjectAction.EDIT);
        requireNotFuture(workDate);
        requireDayNotOverfull(caller.userId(), workDate, minutes, null);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Worklog worklog = new Worklog(Ids.newId(), taskId, task.projectId(), caller.userId(), workDate, minutes, note,
                now, 1);
        jdbc.sql("""
                insert into worklogs (id, tenant_id, task_id, project_id, user_id, work_date, minutes, note, created_at,
                                      version)
                values (:id, :t, :task, :p, :user, :date, :minutes, :note, :at, 1)
                """)
                .param("id", worklog.id()).param("t", task.tenantId()).param("task", taskId)
                .param("p", task.projectId()).param("user", caller.userId()).param("date", workDate)
                .param("minutes", minutes).param("note", note).param("at", now.atOffset(ZoneOffset.UTC)).update();
        outbox.record(TaskEvents.WORKLOG_ADDED, worklog.id(), 1, new WorklogAdded(worklog.id(), taskId,
                task.projectId(), caller.userId(), workDate, minutes, note));
        // the remaining estimate burns down by the time logged unless the logger says what remains
        Long remaining = remainingMinutes != null ? remainingMinutes
                : task.remainingMinutes() == null ? null : Math.max(0, task.remainingMinutes() - minutes);
        tasks.change(task, task.withRemaining(remaining));
        hours.increment(minutes / 60.0);
        return worklog;
    }

    @Transactional
    public Worklog edit(CurrentUser caller, UUID worklogId, long expectedVersion, LocalDate workDate, int minutes,
            String note) {
        Worklog before = requireEditable(caller, worklogId, expectedVersion);
        requireNotFuture(workDate);
        requireDayNotOverfull(caller.userId(), workDate, minutes, worklogId);
        int updated = jdbc.sql("""
                update worklogs set work_date = :date, minutes = :minutes, note = :note, version = version + 1
                where id = :id and version = :v
                """)
                .param("date", workDate).param("minutes", minutes).param("note", note).param("id", worklogId)
                .param("v", expectedVersion).update();
        if (updated == 0) {
            throw Versions.stale("worklog", find(worklogId).map(Worklog::version).orElse(expectedVersion));
        }
        hours.increment(Math.max(0, minutes - before.minutes()) / 60.0);
        return find(worklogId).orElseThrow();
    }

    @Transactional
    public void delete(CurrentUser caller, UUID worklogId, long expectedVersion) {
        requireEditable(caller, worklogId, expectedVersion);
        if (jdbc.sql("delete from worklogs where id = :id and version = :v").param("id", worklogId)
                .param("v", expectedVersion).update() == 0) {
            throw Versions.stale("worklog", find(worklogId).map(Worklog::version).orElse(expectedVersion));
        }
    }

    @Transactional(readOnly = true)
    public Worklog get(CurrentUser caller, UUID worklogId) {
        Worklog worklog = find(worklogId).orElseThrow(() -> notFound(worklogId));
        tasks.require(caller, worklog.taskId(), ProjectAction.READ);
        return worklog;
    }

    @Transactional(readOnly = true)
    public List<Worklog> ofTask(CurrentUser caller, UUID taskId) {
        tasks.require(caller, taskId, ProjectAction.READ);
        return jdbc.sql("select * from worklogs where task_id = :task order by work_date, id limit 1000")
                .param("task", taskId).query(Worklogs::map).list();
    }

    /**
     * Logged time from {@code from} to {@code to} (inclusive), in one project or (projectId null) across every project
     * the caller may read.
     */
    @Transactional(readOnly = true)
    public WorklogReport report(CurrentUser caller, UUID projectId, LocalDate from, LocalDate to, String groupBy,
            String period) {
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > MAX_REPORT_DAYS) {
            throw invalid("to", "must be on or after from and at most " + MAX_REPORT_DAYS + " days later");
        }
        String group = switch (groupBy) {
            case "user" -> "cast(w.user_id as text)";
            case "task" -> "cast(w.task_id as text)";
            case "project" -> "cast(w.project_id as text)";
            default -> throw invalid("groupBy", "must be user, task or project");
        };
        String label = switch (groupBy) {
            case "user" -> "cast(w.user_id as text)";
            case "task" -> "min(t.key || ' ' || t.title)";
            default -> "min(p.key || ' ' || p.name)";
        };
        String bucket = switch (period) {
            case "week" -> "to_char(date_trunc('week', w.work_date), 'YYYY-MM-DD')";
            case "month" -> "to_char(w.work_date, 'YYYY-MM')";
            default -> throw invalid("period", "must be week or month");
        };
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("tenant", TenantContext.requireTenant());
        params.put("from", from);
        params.put("to", to);
        StringBuilder where = new StringBuilder("w.tenant_id = :tenant and w.work_date between :from and :to");
        if (projectId != null) {
            access.require(caller, projectId, ProjectAction.READ);
            where.append(" and w.project_id = :project");
            params.put("project", projectId);
        } else {
            ProjectAccess.ReadScope scope = access.readScope(caller);
            if (!scope.wholeTenant()) {
                where.append(" and w.project_id = any(:projects)");
                params.put("projects", scope.projectIds().toArray(UUID[]::new));
            }
        }
        List<WorklogReport.Row> rows = jdbc.sql("""
                select %s as grp, %s as label, %s as bucket, sum(w.minutes) as minutes
                from worklogs w join tasks t on t.id = w.task_id left join projects p on p.id = w.project_id
                where %s group by grp, bucket order by grp, bucket
                """.formatted(group, label, bucket, where))
                .params(params)
                .query((rs, n) -> new WorklogReport.Row(rs.getString("grp"), rs.getString("label"),
                        rs.getString("bucket"), rs.getLong("minutes")))
                .list();
        Map<String, WorklogReport.Total> totals = new LinkedHashMap<>();
        long all = 0;
        for (WorklogReport.Row row : rows) {
            totals.merge(row.group(), new WorklogReport.Total(row.group(), row.label(), row.minutes()),
                    (a, b) -> new WorklogReport.Total(a.group(), a.label(), a.minutes() + b.minutes()));
            all += row.minutes();
        }
        return new WorklogReport(groupBy, period, rows, new ArrayList<>(totals.values()), all);
    }

    private Worklog requireEditable(CurrentUser caller, UUID worklogId, long expectedVersion) {
        Worklog worklog = find(worklogId).orElseThrow(() -> notFound(worklogId));
        tasks.require(caller, worklog.taskId(), ProjectAction.EDIT);
        if (!worklog.userId().equals(caller.userId())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not your worklog",
                    "Only the person who logged the time changes it.");
        }
        if (clock.instant().isAfter(worklog.createdAt().plus(editWindow))) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("worklog-locked"), "Worklog locked",
                    "Worklogs can be changed for " + editWindow.toDays() + " days after they were logged.");
        }
        Versions.require("worklog", expectedVersion, worklog.version());
        return worklog;
    }

    private void requireNotFuture(LocalDate workDate) {
        if (workDate.isAfter(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1))) {
            throw invalid("workDate", "must not be in the future");
        }
    }

    private void requireDayNotOverfull(UUID user, LocalDate day, int minutes, UUID except) {
        long logged = jdbc.sql("""
                select coalesce(sum(minutes), 0) from worklogs
                where user_id = :u and work_date = :d and (cast(:except as uuid) is null or id <> cast(:except as uuid))
                """)
                .param("u", user).param("d", day).param("except", except).query(Long.class).single();
        if (logged + minutes > MAX_MINUTES_PER_DAY) {
            throw invalid("minutes", "would make more than 24 hours logged on " + day + " (already " + logged + ")");
        }
    }

    private Optional<Worklog> find(UUID id) {
        return jdbc.sql("select * from worklogs where id = :id").param("id", id).query(Worklogs::map).optional();
    }

    private static ValidationProblem invalid(String field, String message) {
        return new ValidationProblem(List.of(new Problems.FieldError(field, message)));
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Worklog not found",
                "No worklog " + id + " that you can see.");
    }

    private static Worklog map(ResultSet rs, int row) throws SQLException {
        return new Worklog(rs.getObject("id", UUID.class), rs.getObject("task_id", UUID.class),
                rs.getObject("project_id", UUID.class), rs.getObject("user_id", UUID.class),
                rs.getObject("work_date", LocalDate.class), rs.getInt("minutes"), rs.getString("note"),
                rs.getTimestamp("created_at").toInstant(), rs.getLong("version"));
    }
}
