package dev.gantry.task.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WorkingCalendarTest {

    // 2026-10-01 is a Thursday; the National Day holiday runs 1–8 October and Saturday 10 October is a 调休 working day
    private final WorkingCalendar calendar = new WorkingCalendar(WorkingCalendar.defaultWeekend(), Map.of(
            LocalDate.of(2026, 10, 1), false, LocalDate.of(2026, 10, 2), false, LocalDate.of(2026, 10, 5), false,
            LocalDate.of(2026, 10, 6), false, LocalDate.of(2026, 10, 7), false, LocalDate.of(2026, 10, 8), false,
            LocalDate.of(2026, 10, 10), true), LocalDate.of(2026, 9, 28));

    @Test
    void weekendsAndHolidaysAreDaysOffAndAMakeUpSaturdayIsWorked() {
        assertThat(calendar.isWorking(LocalDate.of(2026, 9, 30))).isTrue();
        assertThat(calendar.isWorking(LocalDate.of(2026, 10, 1))).isFalse();
        assertThat(calendar.isWorking(LocalDate.of(2026, 10, 3))).isFalse();
        assertThat(calendar.isWorking(LocalDate.of(2026, 10, 10))).isTrue();
        assertThat(calendar.isWorking(LocalDate.of(2026, 10, 11))).isFalse();
    }

    @Test
    void indexesCountWorkingDaysOnly() {
        assertThat(calendar.indexOnOrAfter(LocalDate.of(2026, 9, 28))).isZero();
        assertThat(calendar.dateAt(2)).isEqualTo(LocalDate.of(2026, 9, 30));
        // after Wednesday 30 September the next working days are Friday 9 and Saturday 10 October
        assertThat(calendar.dateAt(3)).isEqualTo(LocalDate.of(2026, 10, 9));
        assertThat(calendar.dateAt(4)).isEqualTo(LocalDate.of(2026, 10, 10));
        assertThat(calendar.dateAt(5)).isEqualTo(LocalDate.of(2026, 10, 12));
        assertThat(calendar.indexOnOrAfter(LocalDate.of(2026, 10, 1))).isEqualTo(3);
        assertThat(calendar.indexOnOrBefore(LocalDate.of(2026, 10, 4))).isEqualTo(2);
        assertThat(calendar.workingDaysBetween(LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 12))).isEqualTo(4);
    }

    @Test
    void growsForDatesFarAhead() {
        assertThat(calendar.dateAt(2_000).getYear()).isGreaterThan(2033);
        assertThat(calendar.indexOnOrAfter(calendar.dateAt(2_000))).isEqualTo(2_000);
    }
}
