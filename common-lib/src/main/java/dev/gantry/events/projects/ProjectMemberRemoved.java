package dev.gantry.events.projects;

import java.util.UUID;

/** {@code gantry.project.member-removed.v1}: someone left a project and loses access as soon as this is consumed. */
public record ProjectMemberRemoved(UUID projectId, UUID userId) {
}
