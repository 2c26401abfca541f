package dev.gantry.project.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;

/**
 * The retrospective report (上线回顾报告) of a release that ended: planned vs actual per stage, time spent waiting for
 * approvals, rejections with their reasons, the checklist evidence and the incidents noted.
 */
public record Retrospective(UUID releaseId, UUID projectId, String projectKey, String name, String version,
        ReleaseStatus status, LocalDate plannedDate, Instant startedAt, Instant endedAt, String endReason,
        List<StageReport> stages, long approvalWaitSeconds, int approvals, List<RejectionReport> rejections,
        List<EvidenceReport> checklist, List<Incident> incidents, Instant generatedAt) {

    /** @param slipDays actual end minus planned end, in days (positive: late); null while not finished */
    public record StageReport(String name, StageStatus status, LocalDate plannedStart, LocalDate plannedEnd,
            Instant actualStart, Instant actualEnd, Long slipDays, int approvalRounds, long approvalWaitSeconds) {
    }

    public record RejectionReport(String stage, int round, UUID approverId, String reason, Instant at) {
    }

    public record EvidenceReport(String stage, String title, boolean mandatory, String evidence, boolean done,
            UUID completedBy, Instant completedAt, String note, String attachmentRef) {
    }
}
