package dev.gantry.project.linkedtasks;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.events.tasks.TaskEvents;

/** What the linked-task projection reacts to; included in the service's one {@link EventSubscriptions}. */
public final class LinkedTaskSubscriptions {

    private LinkedTaskSubscriptions() {
    }

    public static EventSubscriptions of(LinkedTasks tasks) {
        return EventSubscriptions.builder()
                .on(TaskEvents.CREATED, "linked-tasks", tasks::on)
                .on(TaskEvents.UPDATED, "linked-tasks", tasks::onUpdated)
                .on(TaskEvents.DELETED, "linked-tasks", tasks::onDeleted)
                .build();
    }
}
