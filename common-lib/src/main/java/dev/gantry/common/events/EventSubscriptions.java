package dev.gantry.common.events;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.gantry.events.EventType;

/**
 * Everything a service reacts to, in one place: each entry names the event type, the handler's name (which keys
 * its record of applied events) and the handler. A service declares one bean of this type.
 */
public final class EventSubscriptions {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,60}");

    /** One handler of one event type. */
    public record Subscription<T>(EventType<T> type, String handlerName, EventHandler<T> handler) {
    }

    private final List<Subscription<?>> subscriptions;

    private EventSubscriptions(List<Subscription<?>> subscriptions) {
        this.subscriptions = List.copyOf(subscriptions);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Subscription<?>> all() {
        return subscriptions;
    }

    public Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        subscriptions.forEach(s -> topics.add(s.type().topic()));
        return topics;
    }

    public List<Subscription<?>> of(String eventType) {
        return subscriptions.stream().filter(s -> s.type().name().equals(eventType)).toList();
    }

    public static final class Builder {
        private final List<Subscription<?>> subscriptions = new ArrayList<>();

        /**
         * @param handlerName names what the handler maintains (e.g. {@code project-projection}); it must not change
         *                    once events were applied, since it keys the record of applied events
         */
        public <T> Builder on(EventType<T> type, String handlerName, EventHandler<T> handler) {
            if (!NAME.matcher(handlerName).matches()) {
                throw new IllegalArgumentException("Handler names are lower-case words with dashes: " + handlerName);
            }
            boolean taken = subscriptions.stream()
                    .anyMatch(s -> s.type().equals(type) && s.handlerName().equals(handlerName));
            if (taken) {
                throw new IllegalArgumentException(handlerName + " already handles " + type.name());
            }
            subscriptions.add(new Subscription<>(type, handlerName, handler));
            return this;
        }

        /** Adds every subscription of a shared projection, e.g. the project membership projection's. */
        public Builder include(EventSubscriptions other) {
            other.all().forEach(this::add);
            return this;
        }

        private <T> void add(Subscription<T> subscription) {
            on(subscription.type(), subscription.handlerName(), subscription.handler());
        }

        public EventSubscriptions build() {
            return new EventSubscriptions(subscriptions);
        }
    }
}
