package dev.gantry.user.directory;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.common.web.ValidationProblem;

/** What a profile may hold: the two languages Gantry speaks and real IANA time zones. */
public final class ProfileRules {

    public static final Set<String> LOCALES = Set.of("zh-CN", "en");
    public static final String DEFAULT_LOCALE = "zh-CN";
    public static final String DEFAULT_TIME_ZONE = "Asia/Shanghai";

    private ProfileRules() {
    }

    /** An IANA region id such as {@code Asia/Shanghai}; offsets ({@code +08:00}) and short ids ({@code CTT}) are not. */
    public static boolean isIanaZone(String zone) {
        return zone != null && ZoneId.getAvailableZoneIds().contains(zone) && zone.contains("/")
                || "UTC".equals(zone);
    }

    /** Checks locale and time zone where given; null means "not given". */
    public static void check(String localeField, String locale, String zoneField, String zone) {
        List<FieldError> errors = new ArrayList<>();
        if (locale != null && !LOCALES.contains(locale)) {
            errors.add(new FieldError(localeField, "must be zh-CN or en"));
        }
        if (zone != null && !isIanaZone(zone)) {
            errors.add(new FieldError(zoneField, "must be an IANA time zone such as Asia/Shanghai"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
    }

    /** The form e-mail addresses are stored and compared in. */
    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
