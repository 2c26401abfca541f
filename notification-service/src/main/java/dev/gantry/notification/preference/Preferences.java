package dev.gantry.notification.preference;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.LocalTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.Versions;

/** Users' notification preferences and quiet hours, in the current tenant. */
@Service
public class Preferences {

    private final JdbcClient jdbc;

    Preferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public PreferenceSettings of(UUID userId) {
        return jdbc.sql("""
                select disabled, quiet_start, quiet_end, version from notification_preferences where user_id = :id
                """).param("id", userId).query(Preferences::settings).optional().orElse(PreferenceSettings.DEFAULTS);
    }

    /** The settings of several users at once; users without a row get the defaults. */
    @Transactional(readOnly = true)
    public Map<UUID, PreferenceSettings> of(Set<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<UUID, PreferenceSettings> found = jdbc.sql("""
                select user_id, disabled, quiet_start, quiet_end, version from notification_preferences
                where user_id in (:ids)
                """).param("ids", userIds)
                .query((rs, n) -> Map.entry(rs.getObject("user_id", UUID.class), settings(rs, n))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return userIds.stream().collect(Collectors.toMap(id -> id,
                id -> found.getOrDefault(id, PreferenceSettings.DEFAULTS)));
    }

    /** Replaces the user's settings if they are still at {@code expectedVersion} (0 before the first save). */
    @Transactional
    public PreferenceSettings replace(UUID userId, Set<String> disabled, QuietHours quietHours, long expectedVersion) {
        String[] off = disabled.toArray(String[]::new);
        Time start = quietHours == null ? null : Time.valueOf(quietHours.start());
        Time end = quietHours == null ? null : Time.valueOf(quietHours.end());
        int changed;
        if (expectedVersion == 0) {
            changed = jdbc.sql("""
                    insert into notification_preferences (tenant_id, user_id, disabled, quiet_start, quiet_end, version)
                    values (:tenantId, :userId, :disabled, :start, :end, 1)
                    on conflict (tenant_id, user_id) do nothing
                    """)
                    .param("tenantId", TenantContext.requireTenant()).param("userId", userId)
                    .param("disabled", off).param("start", start).param("end", end).update();
        } else {
            changed = jdbc.sql("""
                    update notification_preferences set disabled = :disabled, quiet_start = :start, quiet_end = :end,
                        version = version + 1
                    where user_id = :userId and version = :expected
                    """)
                    .param("userId", userId).param("disabled", off).param("start", start).param("end", end)
                    .param("expected", expectedVersion).update();
        }
        if (changed == 0) {
            throw Versions.stale("notification preferences", of(userId).version());
        }
        return of(userId);
    }

    private static PreferenceSettings settings(ResultSet rs, int row) throws SQLException {
        Array array = rs.getArray("disabled");
        Set<String> disabled = new LinkedHashSet<>(List.of((String[]) array.getArray()));
        Time start = rs.getTime("quiet_start");
        Time end = rs.getTime("quiet_end");
        QuietHours quiet = start == null || end == null ? null
                : new QuietHours(LocalTime.parse(start.toString()), LocalTime.parse(end.toString()));
        return new PreferenceSettings(disabled, quiet, rs.getLong("version"));
    }
}
