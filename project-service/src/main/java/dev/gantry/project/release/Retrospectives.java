package dev.gantry.project.release;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.security.CurrentUser;

/** Builds the retrospective report (上线回顾报告) of a release that ended, from its stages, approvals and evidence. */
@Service
public class Retrospectives {

    private final Releases releases;
    private final ReleaseRepository repository;
    private final Clock clock;

    Retrospectives(Releases releases, ReleaseRepository repository, Clock clock) {
        this.releases = releases;
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Retrospective report(CurrentUser caller, UUID releaseId) {
        Release release = releases.readable(caller, releaseId);
        if (!ReleaseStateMachine.hasEnded(release.status())) {
            throw ReleaseProblems.conflict("release-running", "Release still running",
                    "The retrospective is written once the release completed, was rolled back or aborted.");
        }
        return build(release, repository.projectKey(release.tenantId(), release.projectId()));
    }

    /** The report of any release, without a permission check: for the benchmark and for callers that checked. */
    Retrospective build(Release release, String projectKey) {
        UUID tenantId = release.tenantId();
        List<Stage> stages = repository.stages(tenantId, release.id());
        Map<UUID, Stage> byId = stages.stream().collect(Collectors.toMap(Stage::id, Function.identity()));
        List<ApprovalRequest> requests = repository.requests(tenantId, release.id());
        List<Approval> approvals = repository.approvals(tenantId, release.id());
        Map<UUID, ApprovalRequest> requestById = requests.stream()
                .collect(Collectors.toMap(ApprovalRequest::id, Function.identity()));
        Instant end = release.endedAt() == null ? clock.instant() : release.endedAt();

        List<Retrospective.StageReport> stageReports = stages.stream().map(s -> {
            List<ApprovalRequest> rounds = requests.stream().filter(r -> r.stageId().equals(s.id())).toList();
            long wait = rounds.stream().mapToLong(r -> waited(r, end)).sum();
            Long slip = s.approvedAt() == null || s.plannedEnd() == null ? null
                    : ChronoUnit.DAYS.between(s.plannedEnd(), LocalDate.ofInstant(s.approvedAt(), ZoneOffset.UTC));
            return new Retrospective.StageReport(s.name(), s.status(), s.plannedStart(), s.plannedEnd(),
                    s.enteredAt(), s.approvedAt(), slip, rounds.size(), wait);
        }).toList();
        List<Retrospective.RejectionReport> rejections = approvals.stream()
                .filter(a -> a.decision() == Decision.REJECT)
                .map(a -> new Retrospective.RejectionReport(byId.get(a.stageId()).name(),
                        requestById.get(a.requestId()).round(), a.approverId(), a.comment(), a.decidedAt()))
                .toList();
        List<Retrospective.EvidenceReport> evidence = repository.items(tenantId, release.id()).stream()
                .map(i -> new Retrospective.EvidenceReport(byId.get(i.stageId()).name(), i.title(), i.mandatory(),
                        i.evidence().name(), i.done(), i.completedBy(), i.completedAt(), i.note(), i.attachmentRef()))
                .toList();
        long totalWait = stageReports.stream().mapToLong(Retrospective.StageReport::approvalWaitSeconds).sum();
        return new Retrospective(release.id(), release.projectId(), projectKey, release.name(), release.version(),
                release.status(), release.plannedDate(), release.startedAt(), release.endedAt(), release.endReason(),
                stageReports, totalWait, approvals.size(), rejections, evidence,
                repository.incidents(tenantId, release.id()), clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    private static long waited(ApprovalRequest request, Instant end) {
        Instant decided = request.decidedAt() == null ? end : request.decidedAt();
        return Math.max(0, Duration.between(request.requestedAt(), decided).toSeconds());
    }
}
