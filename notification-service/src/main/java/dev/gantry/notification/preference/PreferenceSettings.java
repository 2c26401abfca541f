package dev.gantry.notification.preference;

import java.util.Set;

import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.NoticeKind;

/**
 * A user's notification settings: the kind/channel pairs they switched off (everything else is on) and their quiet
 * hours, if any.
 */
public record PreferenceSettings(Set<String> disabled, QuietHours quietHours, long version) {

    public static final PreferenceSettings DEFAULTS = new PreferenceSettings(Set.of(), null, 0);

    public PreferenceSettings {
        disabled = disabled == null ? Set.of() : Set.copyOf(disabled);
    }

    public static String key(NoticeKind kind, Channel channel) {
        return kind.name() + ":" + channel.name();
    }

    public boolean wants(NoticeKind kind, Channel channel) {
        return !disabled.contains(key(kind, channel));
    }
}
