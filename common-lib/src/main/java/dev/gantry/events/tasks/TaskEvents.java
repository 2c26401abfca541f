package dev.gantry.events.tasks;

import dev.gantry.events.EventType;
import dev.gantry.events.Topics;

/**
 * The events task-service publishes on {@value Topics#TASKS}. Task events have the task as aggregate (keyed by task
 * id); comment and mention events the comment; dependency events the dependency; worklog events the worklog.
 */
public final class TaskEvents {

    public static final EventType<TaskCreated> CREATED =
            new EventType<>("gantry.task.created.v1", Topics.TASKS, TaskCreated.class);
    public static final EventType<TaskUpdated> UPDATED =
            new EventType<>("gantry.task.updated.v1", Topics.TASKS, TaskUpdated.class);
    public static final EventType<TaskDeleted> DELETED =
            new EventType<>("gantry.task.deleted.v1", Topics.TASKS, TaskDeleted.class);
    public static final EventType<TaskStatusChanged> STATUS_CHANGED =
            new EventType<>("gantry.task.status-changed.v1", Topics.TASKS, TaskStatusChanged.class);
    public static final EventType<TaskAssigned> ASSIGNED =
            new EventType<>("gantry.task.assigned.v1", Topics.TASKS, TaskAssigned.class);
    public static final EventType<CommentAdded> COMMENT_ADDED =
            new EventType<>("gantry.comment.added.v1", Topics.TASKS, CommentAdded.class);
    public static final EventType<CommentEdited> COMMENT_EDITED =
            new EventType<>("gantry.comment.edited.v1", Topics.TASKS, CommentEdited.class);
    public static final EventType<CommentDeleted> COMMENT_DELETED =
            new EventType<>("gantry.comment.deleted.v1", Topics.TASKS, CommentDeleted.class);
    public static final EventType<UsersMentioned> MENTIONED =
            new EventType<>("gantry.comment.mentioned.v1", Topics.TASKS, UsersMentioned.class);
    public static final EventType<DependencyAdded> DEPENDENCY_ADDED =
            new EventType<>("gantry.dependency.added.v1", Topics.TASKS, DependencyAdded.class);
    public static final EventType<DependencyRemoved> DEPENDENCY_REMOVED =
            new EventType<>("gantry.dependency.removed.v1", Topics.TASKS, DependencyRemoved.class);
    public static final EventType<WorklogAdded> WORKLOG_ADDED =
            new EventType<>("gantry.worklog.added.v1", Topics.TASKS, WorklogAdded.class);

    private TaskEvents() {
    }
}
