package dev.gantry.notification.preference;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.NoticeKind;

/** The caller's own notification preferences: which kinds reach them on which channel, and their quiet hours. */
@RestController
@RequestMapping("/api/v1/notification-preferences")
class PreferenceController {

    private final Preferences preferences;

    PreferenceController(Preferences preferences) {
        this.preferences = preferences;
    }

    record ChannelSetting(NoticeKind kind, Channel channel, boolean enabled) {
    }

    record QuietHoursView(String start, String end) {
    }

    record PreferencesView(List<ChannelSetting> settings, QuietHoursView quietHours) {
    }

    record SettingChange(@NotNull NoticeKind kind, @NotNull Channel channel, @NotNull Boolean enabled) {
    }

    record QuietHoursChange(@NotNull @Pattern(regexp = "\\d{2}:\\d{2}") String start,
            @NotNull @Pattern(regexp = "\\d{2}:\\d{2}") String end) {
    }

    record PreferencesChange(@NotNull @Size(max = 100) List<@Valid @NotNull SettingChange> settings,
            @Valid QuietHoursChange quietHours) {
    }

    @GetMapping
    ResponseEntity<PreferencesView> get(@AuthenticationPrincipal Jwt token) {
        CurrentUser caller = CurrentUser.from(token);
        PreferenceSettings settings = preferences.of(caller.userId());
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(settings.version())).body(view(settings));
    }

    @PutMapping
    ResponseEntity<PreferencesView> replace(@AuthenticationPrincipal Jwt token, @Valid @RequestBody PreferencesChange change,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        CurrentUser caller = CurrentUser.from(token);
        long expected = Versions.expected(ifMatch);
        Set<String> disabled = new LinkedHashSet<>();
        for (SettingChange setting : change.settings()) {
            if (!setting.channel().personal()) {
                throw new ValidationProblem(List.of(new Problems.FieldError("settings.channel",
                        "only IN_APP and EMAIL are personal channels; robots are set per integration")));
            }
            if (!setting.enabled()) {
                disabled.add(PreferenceSettings.key(setting.kind(), setting.channel()));
            }
        }
        QuietHours quiet = change.quietHours() == null ? null
                : new QuietHours(time("quietHours.start", change.quietHours().start()),
                        time("quietHours.end", change.quietHours().end()));
        PreferenceSettings saved = preferences.replace(caller.userId(), disabled, quiet, expected);
        return ResponseEntity.ok().header(HttpHeaders.ETAG, Versions.etag(saved.version())).body(view(saved));
    }

    private static LocalTime time(String field, String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationProblem(List.of(new Problems.FieldError(field, "is not a time of day (HH:mm)")));
        }
    }

    private static PreferencesView view(PreferenceSettings settings) {
        List<ChannelSetting> all = new java.util.ArrayList<>();
        for (NoticeKind kind : NoticeKind.values()) {
            if (!kind.personal()) {
                continue;
            }
            for (Channel channel : List.of(Channel.IN_APP, Channel.EMAIL)) {
                all.add(new ChannelSetting(kind, channel, settings.wants(kind, channel)));
            }
        }
        QuietHoursView quiet = settings.quietHours() == null ? null
                : new QuietHoursView(settings.quietHours().start().toString(), settings.quietHours().end().toString());
        return new PreferencesView(all, quiet);
    }
}
