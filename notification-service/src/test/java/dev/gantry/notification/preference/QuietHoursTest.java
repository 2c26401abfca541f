package dev.gantry.notification.preference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class QuietHoursTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    final QuietHours overnight = new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0));

    @Test
    void defersLateEveningMessagesToTheNextMorningInTheUsersZone() {
        // 23:30 in Shanghai is 15:30 UTC
        assertThat(overnight.deferUntil(Instant.parse("2026-05-01T15:30:00Z"), SHANGHAI))
                .contains(Instant.parse("2026-05-02T00:00:00Z"));
    }

    @Test
    void defersEarlyMorningMessagesToEightTheSameDay() {
        // 06:00 in Shanghai is 22:00 UTC the day before
        assertThat(overnight.deferUntil(Instant.parse("2026-05-01T22:00:00Z"), SHANGHAI))
                .contains(Instant.parse("2026-05-02T00:00:00Z"));
    }

    @Test
    void sendsDuringTheDayAndAtTheEndOfQuietHours() {
        assertThat(overnight.deferUntil(Instant.parse("2026-05-01T04:00:00Z"), SHANGHAI)).isEmpty();
        assertThat(overnight.deferUntil(Instant.parse("2026-05-01T00:00:00Z"), SHANGHAI)).isEmpty();
    }

    @Test
    void aDaytimePeriodAndAnEmptyOneWork() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30));
        assertThat(lunch.deferUntil(Instant.parse("2026-05-01T12:15:00Z"), ZoneId.of("UTC")))
                .contains(Instant.parse("2026-05-01T13:30:00Z"));
        assertThat(lunch.deferUntil(Instant.parse("2026-05-01T13:30:00Z"), ZoneId.of("UTC"))).isEmpty();
        assertThat(new QuietHours(LocalTime.NOON, LocalTime.NOON).deferUntil(Instant.now(), SHANGHAI)).isEmpty();
    }

    @Test
    void followsDaylightSavingTime() {
        // Berlin switches to summer time on 2026-03-29: 08:00 local is 06:00 UTC that day
        QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0));
        assertThat(night.deferUntil(Instant.parse("2026-03-28T22:30:00Z"), ZoneId.of("Europe/Berlin")))
                .contains(Instant.parse("2026-03-29T06:00:00Z"));
    }
}
