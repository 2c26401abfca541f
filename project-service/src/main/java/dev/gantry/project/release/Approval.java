package dev.gantry.project.release;

import java.time.Instant;
import java.util.UUID;

/** One approver's decision in a sign-off round. */
public record Approval(UUID id, UUID requestId, UUID stageId, UUID approverId, Decision decision, String comment,
        Instant decidedAt) {
}
