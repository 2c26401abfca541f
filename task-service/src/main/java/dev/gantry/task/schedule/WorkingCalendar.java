package dev.gantry.task.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's working days: every day but the weekend, except where a day says otherwise (a public holiday is a day
 * off, a 调休 make-up Saturday is a working day). Schedules count in working days from an origin; this maps dates to
 * working-day indexes and back with arrays, so a schedule of thousands of tasks does no per-day lookups.
 */
public final class WorkingCalendar {

    private final Set<DayOfWeek> weekend;
    private final Map<LocalDate, Boolean> exceptions;
    private final LocalDate origin;
    /** Working days on or after the origin: index → epoch day. */
    private long[] workingDays = new long[0];
    private int count;
    /** Day offset from the origin → index of the first working day on or after it. */
    private int[] indexByOffset = new int[0];

    public WorkingCalendar(Set<DayOfWeek> weekend, Map<LocalDate, Boolean> exceptions, LocalDate origin) {
        this.weekend = weekend.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(weekend);
        this.exceptions = Map.copyOf(exceptions);
        this.origin = origin;
        extendTo(400);
    }

    public static Set<DayOfWeek> defaultWeekend() {
        return EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    }

    public boolean isWorking(LocalDate day) {
        Boolean exception = exceptions.get(day);
        return exception != null ? exception : !weekend.contains(day.getDayOfWeek());
    }

    public LocalDate origin() {
        return origin;
    }

    /** The index of the first working day on or after {@code day} (0 for days before the origin). */
    public int indexOnOrAfter(LocalDate day) {
        long offset = day.toEpochDay() - origin.toEpochDay();
        if (offset <= 0) {
            return 0;
        }
        if (offset > 100_000) {
            throw new IllegalArgumentException("Date too far from the schedule's origin: " + day);
        }
        extendTo((int) offset + 1);
        return indexByOffset[(int) offset];
    }

    /** The index of the last working day on or before {@code day}; -1 when there is none since the origin. */
    public int indexOnOrBefore(LocalDate day) {
        int after = indexOnOrAfter(day);
        return dateAt(after).equals(day) ? after : after - 1;
    }

    /** The date of a working-day index. */
    public LocalDate dateAt(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Before the schedule's origin: " + index);
        }
        while (index >= count) {
            extendTo(indexByOffset.length * 2);
        }
        return LocalDate.ofEpochDay(workingDays[index]);
    }

    /** Working days from start to end, both included; 0 when end is before start. */
    public int workingDaysBetween(LocalDate start, LocalDate end) {
        return Math.max(0, indexOnOrBefore(end) - indexOnOrAfter(start) + 1);
    }

    private void extendTo(int days) {
        if (days <= indexByOffset.length) {
            return;
        }
        if (weekend.size() == 7 && exceptions.values().stream().noneMatch(Boolean::booleanValue)) {
            throw new IllegalStateException("A calendar without working days");
        }
        int size = Math.max(days, indexByOffset.length * 2);
        int from = indexByOffset.length;
        indexByOffset = Arrays.copyOf(indexByOffset, size);
        for (int offset = from; offset < size; offset++) {
            indexByOffset[offset] = count;
            LocalDate day = origin.plusDays(offset);
            if (isWorking(day)) {
                if (count == workingDays.length) {
                    workingDays = Arrays.copyOf(workingDays, Math.max(16, count * 2));
                }
                workingDays[count++] = day.toEpochDay();
            }
        }
    }
}
