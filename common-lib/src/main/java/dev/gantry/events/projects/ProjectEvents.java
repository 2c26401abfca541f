package dev.gantry.events.projects;

import dev.gantry.events.EventType;
import dev.gantry.events.Topics;

/** The events project-service publishes on {@value Topics#PROJECTS}; the aggregate is the project. */
public final class ProjectEvents {

    public static final EventType<ProjectCreated> CREATED =
            new EventType<>("gantry.project.created.v1", Topics.PROJECTS, ProjectCreated.class);
    public static final EventType<ProjectMemberAdded> MEMBER_ADDED =
            new EventType<>("gantry.project.member-added.v1", Topics.PROJECTS, ProjectMemberAdded.class);
    public static final EventType<ProjectMemberChanged> MEMBER_CHANGED =
            new EventType<>("gantry.project.member-changed.v1", Topics.PROJECTS, ProjectMemberChanged.class);
    public static final EventType<ProjectMemberRemoved> MEMBER_REMOVED =
            new EventType<>("gantry.project.member-removed.v1", Topics.PROJECTS, ProjectMemberRemoved.class);

    private ProjectEvents() {
    }
}
