package dev.gantry.events.projects;

import dev.gantry.events.EventType;
import dev.gantry.events.Topics;

/**
 * The project events project-service publishes on {@value Topics#PROJECTS}; the aggregate (and key) is the project.
 * Its release and milestone events are in {@link ReleaseEvents} and {@link MilestoneEvents}.
 */
public final class ProjectEvents {

    public static final EventType<ProjectCreated> CREATED =
            new EventType<>("gantry.project.created.v1", Topics.PROJECTS, ProjectCreated.class);
    public static final EventType<ProjectUpdated> UPDATED =
            new EventType<>("gantry.project.updated.v1", Topics.PROJECTS, ProjectUpdated.class);
    public static final EventType<ProjectDeleted> DELETED =
            new EventType<>("gantry.project.deleted.v1", Topics.PROJECTS, ProjectDeleted.class);
    public static final EventType<ProjectMemberAdded> MEMBER_ADDED =
            new EventType<>("gantry.project.member-added.v1", Topics.PROJECTS, ProjectMemberAdded.class);
    public static final EventType<ProjectMemberChanged> MEMBER_CHANGED =
            new EventType<>("gantry.project.member-changed.v1", Topics.PROJECTS, ProjectMemberChanged.class);
    public static final EventType<ProjectMemberRemoved> MEMBER_REMOVED =
            new EventType<>("gantry.project.member-removed.v1", Topics.PROJECTS, ProjectMemberRemoved.class);

    private ProjectEvents() {
    }
}
