package dev.gantry.project.release;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ReleaseApprovalRequested;
import dev.gantry.events.projects.ReleaseCompleted;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseStageApproved;
import dev.gantry.events.projects.ReleaseStageRejected;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.project.linkedtasks.LinkedTasks;
import dev.gantry.project.projects.Projects;
import dev.gantry.project.templates.TemplateDefinition.ApprovalRule;

/**
 * Sign-off of release stages (审批 / 双签): requesting it once the stage's gate holds, and approvers deciding. Both
 * lock the release row, so two approvers deciding at the same moment are applied one after the other and the second
 * sees the first's decision: a stage is approved exactly once, and never both approved and rejected.
 */
@Service
public class Approvals {

    private final Releases releases;
    private final ReleaseRepository repository;
    private final Projects projects;
    private final LinkedTasks linkedTasks;
    private final Counter rejections;

    Approvals(Releases releases, ReleaseRepository repository, Projects projects, LinkedTasks linkedTasks,
            MeterRegistry meters) {
        this.releases = releases;
        this.repository = repository;
        this.projects = projects;
        this.linkedTasks = linkedTasks;
        this.rejections = Counter.builder("gantry.release.rejections")
                .description("Stage sign-offs rejected").register(meters);
    }

    /** Requests sign-off of the current stage: its gate must hold, and its rule must be satisfiable by members. */
    @Transactional
    public ReleaseView request(CurrentUser caller, UUID releaseId, UUID stageId, long expected) {
        ReleaseChange change = releases.lock(caller, releaseId, expected, Releases.Need.WORK);
        Release release = change.release();
        Releases.requireRunning(release);
        Stage stage = stageOf(change, stageId);
        if (!ReleaseStateMachine.canRequestApproval(release.status(), stage.status())) {
            throw ReleaseProblems.stageState(stage, "sign-off is requested for the active stage.");
        }
        List<String> incomplete = repository.items(release.tenantId(), releaseId).stream()
                .filter(i -> i.stageId().equals(stageId) && i.mandatory() && !i.done()).map(ChecklistItem::title)
                .toList();
        List<StagePreconditions.Unmet> unmet = StagePreconditions.forSignOff(stage.preconditions(),
                linkedTasks.openTasks(release.tenantId(), stageId), incomplete);
        if (!unmet.isEmpty()) {
            throw ReleaseProblems.unmet("Stage " + stage.name() + " is not ready for sign-off", unmet);
        }
        ApprovalRule rule = stage.approvalRule();
        List<Qualification> designated = Qualification.of(projects.members(release.tenantId(), release.projectId()))
                .stream().filter(q -> ApprovalRules.designates(rule, q))
                .filter(q -> rule.allowSelfApproval() || !q.userId().equals(change.actor)).toList();
        ApprovalRules.Evaluation feasible = ApprovalRules.evaluate(rule, designated);
        if (!feasible.satisfied()) {
            throw ReleaseProblems.conflict("no-eligible-approvers", "Nobody can approve this stage",
                    "No project member" + (rule.allowSelfApproval() ? "" : " other than the requester")
                            + " can cover " + feasible.missing() + " of the rule " + rule.mode()
                            + "; add members with these roles or duties first.");
        }
        List<UUID> approverIds = designated.stream().map(Qualification::userId).toList();
        int round = stage.approvalRound() + 1;
        repository.insertRequest(release.tenantId(), releaseId, new ApprovalRequest(Ids.newId(), stageId, round,
                change.actor, change.now, approverIds, null, null));
        Stage waiting = new Stage(stage.id(), stage.key(), stage.name(), stage.position(), stage.ownerRole(),
                stage.definition(), StageStatus.AWAITING_APPROVAL, stage.plannedStart(), stage.plannedEnd(),
                stage.enteredAt(), change.now, change.actor, null, round);
        change.replace(waiting);
        change.event(ReleaseEvents.APPROVAL_REQUESTED,
                state -> new ReleaseApprovalRequested(state, stageId, change.actor, approverIds));
        change.timeline("APPROVAL_REQUESTED", stageId, "round " + round + ", approvers " + approverIds.size());
        change.finish();
        return releases.view(change);
    }

    /**
     * An approver decides on the stage's sign-off. If-Match is optional here: two approvers of a dual sign-off
     * decide independently, and the row lock orders them; a client that sends it gets 412 on a stale revision.
     */
    @Transactional
    public ReleaseView decide(CurrentUser caller, UUID releaseId, UUID stageId, Decision decision, String comment,
            Long expected) {
        ReleaseChange change = releases.lock(caller, releaseId, expected, Releases.Need.READ);
        if (change.access.isGuest()) {
            throw new org.springframework.security.access.AccessDeniedException("Guests only read this release");
        }
        Release release = change.release();
        Releases.requireRunning(release);
        Stage stage = stageOf(change, stageId);
        ApprovalRequest request = repository.requests(release.tenantId(), releaseId).stream()
                .filter(r -> r.stageId().equals(stageId) && r.round() == stage.approvalRound()).findFirst()
                .orElse(null);
        List<Approval> decided = request == null ? List.of() : repository.approvals(release.tenantId(), releaseId)
                .stream().filter(a -> a.requestId().equals(request.id())).toList();
        Optional<DecisionRules.Refusal> refusal = DecisionRules.check(stage.status(), stage.approvalRule(),
                request == null ? null : request.requestedBy(),
                request == null ? List.of() : request.approverIds(),
                decided.stream().map(Approval::approverId).toList(), change.actor);
        if (refusal.isPresent()) {
            throw refused(refusal.get(), stage);
        }
        if (decision == Decision.REJECT && (comment == null || comment.isBlank())) {
            throw new dev.gantry.common.web.ValidationProblem(List.of(new dev.gantry.common.web.Problems.FieldError(
                    "comment", "a rejection says why")));
        }
        Approval approval = new Approval(Ids.newId(), request.id(), stageId, change.actor, decision, comment,
                change.now);
        repository.insertApproval(release.tenantId(), releaseId, approval);
        if (decision == Decision.REJECT) {
            reject(change, stage, request, comment);
        } else {
            approve(change, stage, request, decided, comment);
        }
        change.finish();
        return releases.view(change);
    }

    private void reject(ReleaseChange change, Stage stage, ApprovalRequest request, String comment) {
        repository.closeRequest(change.release().tenantId(), request.id(), ApprovalRequest.REJECTED, change.now);
        change.replace(stage.with(StageStatus.ACTIVE));
        change.event(ReleaseEvents.STAGE_REJECTED,
                state -> new ReleaseStageRejected(state, stage.id(), change.actor, comment));
        change.timeline("REJECTED", stage.id(), comment);
        rejections.increment();
    }

    private void approve(ReleaseChange change, Stage stage, ApprovalRequest request, List<Approval> before,
            String comment) {
        Release release = change.release();
        Map<UUID, ProjectMember> members = projects.members(release.tenantId(), release.projectId()).stream()
                .collect(Collectors.toMap(ProjectMember::userId, Function.identity()));
        Set<UUID> approvers = new LinkedHashSet<>();
        before.stream().filter(a -> a.decision() == Decision.APPROVE).forEach(a -> approvers.add(a.approverId()));
        approvers.add(change.actor);
        List<Qualification> approvedBy = new ArrayList<>();
        for (UUID approver : approvers) {
            ProjectMember member = members.get(approver);
            approvedBy.add(member == null ? Qualification.outsider(approver) : Qualification.of(member));
        }
        boolean stageApproved = ApprovalRules.evaluate(stage.approvalRule(), approvedBy).satisfied();
        if (stageApproved) {
            repository.closeRequest(release.tenantId(), request.id(), ApprovalRequest.APPROVED, change.now);
            Stage approved = new Stage(stage.id(), stage.key(), stage.name(), stage.position(), stage.ownerRole(),
                    stage.definition(), StageStatus.APPROVED, stage.plannedStart(), stage.plannedEnd(),
                    stage.enteredAt(), stage.approvalRequestedAt(), stage.approvalRequestedBy(), change.now,
                    stage.approvalRound());
            change.replace(approved);
        }
        change.event(ReleaseEvents.STAGE_APPROVED,
                state -> new ReleaseStageApproved(state, stage.id(), change.actor, comment, stageApproved));
        change.timeline("APPROVED", stage.id(), comment);
        if (!stageApproved) {
            return;
        }
        change.timeline("STAGE_APPROVED", stage.id(), stage.name());
        boolean last = change.stages.stream().noneMatch(s -> s.position() > stage.position());
        if (last) {
            change.release(change.release().withStatus(ReleaseStatus.COMPLETED, change.now, null));
            change.event(ReleaseEvents.COMPLETED, ReleaseCompleted::new);
            change.timeline("COMPLETED", stage.id(), null);
        }
    }

    private static Stage stageOf(ReleaseChange change, UUID stageId) {
        Stage stage = change.stage(stageId);
        if (stage == null) {
            throw ReleaseProblems.stageNotFound(stageId);
        }
        return stage;
    }

    private static RuntimeException refused(DecisionRules.Refusal refusal, Stage stage) {
        return switch (refusal) {
            case NOT_AWAITING_APPROVAL -> ReleaseProblems.stageState(stage, "there is no sign-off to decide on.");
            case NOT_AN_APPROVER -> ReleaseProblems.forbidden("not-an-approver", "Not an approver",
                    "You are not one of the approvers designated for " + stage.name() + " when sign-off was requested.");
            case SELF_APPROVAL -> ReleaseProblems.forbidden("self-approval-forbidden", "Self-approval not allowed",
                    "The approval rule of " + stage.name() + " does not let the requester approve their own request.");
            case ALREADY_DECIDED -> ReleaseProblems.conflict("already-decided", "Already decided",
                    "You already decided on this sign-off of " + stage.name() + ".");
        };
    }
}
