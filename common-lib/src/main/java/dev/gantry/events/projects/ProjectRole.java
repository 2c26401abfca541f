package dev.gantry.events.projects;

/** What a member may do in a project: MANAGER configures, MEMBER edits, VIEWER reads. */
public enum ProjectRole {
    MANAGER, MEMBER, VIEWER
}
