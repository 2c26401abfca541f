package dev.gantry.project.release;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A request for sign-off of a stage (one round), the approvers designated then, and how it ended. */
public record ApprovalRequest(UUID id, UUID stageId, int round, UUID requestedBy, Instant requestedAt,
        List<UUID> approverIds, String outcome, Instant decidedAt) {

    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String CANCELLED = "CANCELLED";
}
