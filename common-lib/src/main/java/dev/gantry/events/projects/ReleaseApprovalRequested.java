package dev.gantry.events.projects;

import java.util.List;
import java.util.UUID;

/**
 * {@code gantry.release.approval-requested.v1}: sign-off of {@code stageId} was requested; {@code approverIds} are the
 * users who may decide (for rules by role or duty, the members holding it when requested).
 */
public record ReleaseApprovalRequested(ReleaseState release, UUID stageId, UUID requestedBy, List<UUID> approverIds) {

    public ReleaseApprovalRequested {
        approverIds = approverIds == null ? List.of() : List.copyOf(approverIds);
    }
}
