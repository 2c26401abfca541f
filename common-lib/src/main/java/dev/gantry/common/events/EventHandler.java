package dev.gantry.common.events;

import dev.gantry.events.Event;

/** Applies one kind of event; runs in a transaction of the event's tenant that also records the event as applied. */
@FunctionalInterface
public interface EventHandler<T> {

    void on(Event<T> event);
}
