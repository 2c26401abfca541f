package dev.gantry.search;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.tasks.CommentAdded;
import dev.gantry.events.tasks.CommentState;
import dev.gantry.events.tasks.StatusCategory;
import dev.gantry.events.tasks.TaskCreated;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.TaskState;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.test.TestEvents;

/**
 * What project-service and task-service would publish, on the real topics: projects with members, tasks and comments
 * of a tenant, built so a test states only what it cares about.
 */
public final class Sources {

    private Sources() {
    }

    /** Publishes {@code project.created} (version 1) with the given members; returns the project id. */
    public static UUID project(UUID tenant, String key, String name, ProjectMember... members) {
        UUID project = UUID.randomUUID();
        publishProject(tenant, project, key, name, members);
        return project;
    }

    public static void publishProject(UUID tenant, UUID project, String key, String name, ProjectMember... members) {
        TestEvents.publish(ProjectEvents.CREATED, tenant, project, 1, projectCreated(project, key, name, members));
    }

    public static ProjectCreated projectCreated(UUID project, String key, String name, ProjectMember... members) {
        return new ProjectCreated(project, key, name, "About " + name, "ACTIVE", LocalDate.of(2026, 1, 5),
                LocalDate.of(2026, 12, 1), List.of(members), members.length == 0 ? null : members[0].userId(),
                Instant.parse("2026-01-05T08:00:00Z"));
    }

    public static ProjectMember member(UUID user) {
        return new ProjectMember(user, ProjectRole.MEMBER, List.of());
    }

    /** A task state to adjust with the {@code with*} methods of {@link Task}. */
    public static Task task(UUID project, String key, String title) {
        return new Task(new TaskState(UUID.randomUUID(), project, key, title, "Description of " + title,
                TaskType.TASK, "To do", StatusCategory.TODO, "MEDIUM", null, UUID.randomUUID(), List.of(), List.of(),
                null, null, null, null, null, null, null, null, Map.of(), Instant.now(), Instant.now()));
    }

    /** A task being described; {@link #publish(UUID, long)} sends it as {@code task.created} or {@code updated}. */
    public record Task(TaskState state) {

        public UUID id() {
            return state.taskId();
        }

        public Task status(String status, StatusCategory category) {
            return copy(status, category, state.priority(), state.assigneeId(), state.labels(), state.dueDate(),
                    state.title());
        }

        public Task priority(String priority) {
            return copy(state.status(), state.statusCategory(), priority, state.assigneeId(), state.labels(),
                    state.dueDate(), state.title());
        }

        public Task assignee(UUID assignee) {
            return copy(state.status(), state.statusCategory(), state.priority(), assignee, state.labels(),
                    state.dueDate(), state.title());
        }

        public Task labels(String... labels) {
            return copy(state.status(), state.statusCategory(), state.priority(), state.assigneeId(),
                    Arrays.asList(labels), state.dueDate(), state.title());
        }

        public Task due(LocalDate due) {
            return copy(state.status(), state.statusCategory(), state.priority(), state.assigneeId(), state.labels(),
                    due, state.title());
        }

        public Task title(String title) {
            return copy(state.status(), state.statusCategory(), state.priority(), state.assigneeId(), state.labels(),
                    state.dueDate(), title);
        }

        private Task copy(String status, StatusCategory category, String priority, UUID assignee, List<String> labels,
                LocalDate due, String title) {
            TaskState s = state;
            return new Task(new TaskState(s.taskId(), s.projectId(), s.key(), title, s.description(), s.type(),
                    status, category, priority, assignee, s.reporterId(), s.watcherIds(), new ArrayList<>(labels),
                    s.startDate(), due, s.estimateMinutes(), s.remainingMinutes(), s.parentId(), s.milestoneId(),
                    s.releaseId(), s.stageId(), s.customFields(), s.createdAt(), Instant.now()));
        }

        /** Publishes it as {@code task.created} at version 1, otherwise as {@code task.updated}; returns the event id. */
        public UUID publish(UUID tenant, long version) {
            return version == 1 ? TestEvents.publish(TaskEvents.CREATED, tenant, id(), 1, new TaskCreated(state))
                    : TestEvents.publish(TaskEvents.UPDATED, tenant, id(), version,
                            new dev.gantry.events.tasks.TaskUpdated(state, List.of("title")));
        }
    }

    public static CommentState comment(Task task, String body) {
        return new CommentState(UUID.randomUUID(), task.id(), task.state().projectId(), task.state().key(),
                UUID.randomUUID(), body, List.of(), Instant.now(), null);
    }

    public static UUID publishComment(UUID tenant, CommentState comment) {
        return TestEvents.publish(TaskEvents.COMMENT_ADDED, tenant, comment.commentId(), 1, new CommentAdded(comment));
    }
}
