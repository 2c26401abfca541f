package dev.gantry.events.projects;

import java.util.List;
import java.util.UUID;

/**
 * {@code gantry.project.member-changed.v1}: a member's role or duties changed; {@code member} is the new state and
 * {@code changedFields} names what changed ({@code role}, {@code duties}).
 */
public record ProjectMemberChanged(UUID projectId, ProjectMember member, List<String> changedFields) {

    public ProjectMemberChanged {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
