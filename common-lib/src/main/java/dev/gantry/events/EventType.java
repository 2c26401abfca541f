package dev.gantry.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of event: its CloudEvents {@code type} (with version suffix), the topic it travels on, and its payload.
 *
 * @param <T> the payload record
 */
public record EventType<T>(String name, String topic, Class<T> payload) {

    private static final Pattern NAME = Pattern.compile("gantry\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+");

    public EventType {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Event type names look like gantry.<aggregate>.<what-happened>.v<n>: "
                    + name);
        }
    }
}
