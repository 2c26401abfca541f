package dev.gantry.events.projects;

import java.util.UUID;

/** {@code gantry.project.member-added.v1}: someone joined a project. Keyed by the project id. */
public record ProjectMemberAdded(UUID projectId, ProjectMember member) {
}
