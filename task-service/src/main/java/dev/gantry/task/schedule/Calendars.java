package dev.gantry.task.schedule;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;

/**
 * Each tenant's working calendar: Saturday and Sunday off, plus the days its OWNERs and ADMINs mark as public holidays
 * or make-up working days (调休). Everyone in the tenant reads it; schedules count working days on it.
 */
@Service
public class Calendars {

    static final int MAX_RANGE_DAYS = 3 * 366;

    private final JdbcClient jdbc;

    Calendars(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A day that differs from the default week. */
    public record CalendarDay(LocalDate date, boolean working, String name) {
    }

    /** The calendar's exceptions in a range, and its version (ETag). */
    public record CalendarView(List<String> weekend, List<CalendarDay> days, long version) {
    }

    /** The current tenant's calendar, counting from {@code origin}. */
    public WorkingCalendar working(LocalDate origin) {
        Map<LocalDate, Boolean> exceptions = new HashMap<>();
        jdbc.sql("select day, working from calendar_days where tenant_id = :t")
                .param("t", TenantContext.requireTenant())
                .query(rs -> {
                    exceptions.put(rs.getObject(1, LocalDate.class), rs.getBoolean(2));
                });
        return new WorkingCalendar(WorkingCalendar.defaultWeekend(), exceptions, origin);
    }

    @Transactional(readOnly = true)
    public CalendarView get(CurrentUser caller, LocalDate from, LocalDate to) {
        requireTenantUser(caller);
        if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() > MAX_RANGE_DAYS) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid range",
                    "to must be on or after from, at most " + MAX_RANGE_DAYS + " days later.");
        }
        List<CalendarDay> days = jdbc.sql("""
                select day, working, name from calendar_days where tenant_id = :t and day between :from and :to
                order by day
                """)
                .param("t", TenantContext.requireTenant()).param("from", from).param("to", to)
                .query((rs, n) -> new CalendarDay(rs.getObject("day", LocalDate.class), rs.getBoolean("working"),
                        rs.getString("name")))
                .list();
        return new CalendarView(List.of("SATURDAY", "SUNDAY"), days, version());
    }

    @Transactional
    public long setDay(CurrentUser caller, long expectedVersion, CalendarDay day) {
        if (!dev.gantry.task.task.Task.plannable(day.date())) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid day",
                    "A calendar day is between " + dev.gantry.task.task.Task.EARLIEST_DATE + " and "
                            + dev.gantry.task.task.Task.LATEST_DATE + ".");
        }
        long version = lockForChange(caller, expectedVersion);
        jdbc.sql("""
                insert into calendar_days (tenant_id, day, working, name) values (:t, :day, :working, :name)
                on conflict (tenant_id, day) do update set working = excluded.working, name = excluded.name
                """)
                .param("t", TenantContext.requireTenant()).param("day", day.date()).param("working", day.working())
                .param("name", day.name()).update();
        return bump(version);
    }

    @Transactional
    public long removeDay(CurrentUser caller, long expectedVersion, LocalDate day) {
        long version = lockForChange(caller, expectedVersion);
        int removed = jdbc.sql("delete from calendar_days where tenant_id = :t and day = :day")
                .param("t", TenantContext.requireTenant()).param("day", day).update();
        if (removed == 0) {
            throw new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Day not found",
                    day + " is an ordinary day of the calendar; there is nothing to remove.");
        }
        return bump(version);
    }

    private long lockForChange(CurrentUser caller, long expectedVersion) {
        requireTenantUser(caller);
        if (!ProjectAccess.isTenantAdmin(caller)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed",
                    "Only the organisation's OWNERs and ADMINs change its working calendar.");
        }
        UUID tenant = TenantContext.requireTenant();
        jdbc.sql("insert into calendars (tenant_id, version) values (:t, 0) on conflict do nothing")
                .param("t", tenant).update();
        long version = jdbc.sql("select version from calendars where tenant_id = :t for update")
                .param("t", tenant).query(Long.class).single();
        Versions.require("calendar", expectedVersion, version);
        return version;
    }

    private long bump(long version) {
        jdbc.sql("update calendars set version = :v where tenant_id = :t")
                .param("v", version + 1).param("t", TenantContext.requireTenant()).update();
        return version + 1;
    }

    private long version() {
        return jdbc.sql("select version from calendars where tenant_id = :t")
                .param("t", TenantContext.requireTenant()).query(Long.class).optional().orElse(0L);
    }

    private static void requireTenantUser(CurrentUser caller) {
        if (caller.tenantId().isEmpty()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed",
                    "The working calendar belongs to an organisation; this token belongs to none.");
        }
    }
}
