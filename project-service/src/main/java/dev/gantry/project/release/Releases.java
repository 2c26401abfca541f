package dev.gantry.project.release;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.Versions;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ReleaseAborted;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseRolledBack;
import dev.gantry.events.projects.ReleaseStageEntered;
import dev.gantry.events.projects.ReleaseStarted;
import dev.gantry.events.projects.ReleaseStatus;
import dev.gantry.events.projects.StageStatus;
import dev.gantry.project.projects.ProjectAccess;
import dev.gantry.project.projects.Projects;
import dev.gantry.project.templates.Evidence;
import dev.gantry.project.templates.ProcessTemplate;
import dev.gantry.project.templates.ProcessTemplates;
import dev.gantry.project.templates.TemplateDefinition;
import dev.gantry.project.templates.TemplateValidator;

/**
 * Go-live runs (上线): start one from a template version, read it, move it to its next stage when the gate allows,
 * roll it back or abort it, note incidents, and read its timeline. Every change locks the release row, so concurrent
 * changes of one release happen one after the other.
 */
@Service
public class Releases {

    private final ReleaseRepository repository;
    private final Projects projects;
    private final ProcessTemplates templates;
    private final Outbox outbox;
    private final Clock clock;

    Releases(ReleaseRepository repository, Projects projects, ProcessTemplates templates, Outbox outbox, Clock clock) {
        this.repository = repository;
        this.projects = projects;
        this.templates = templates;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public ReleaseView start(CurrentUser caller, UUID projectId, ReleaseRequests.NewRelease request) {
        ProjectAccess access = projects.requireManage(caller, projectId);
        if (access.project().archived()) {
            throw ReleaseProblems.conflict("project-archived", "Project archived",
                    "Restore the project before starting a release in it.");
        }
        ProcessTemplate template = templates.find(access.tenantId(), request.templateId(), request.templateVersion());
        // a version was valid when written, but the tenant's duties may have changed since: check again
        templates.validate(access.tenantId(), template.definition());
        Instant now = now();
        UUID actor = caller.userId();
        UUID releaseId = Ids.newId();
        List<String> order = TemplateValidator.order(template.definition());
        Map<String, TemplateDefinition.Stage> byKey = new HashMap<>();
        template.definition().stages().forEach(s -> byKey.put(s.key(), s));
        List<Stage> stages = new ArrayList<>();
        List<ChecklistItem> items = new ArrayList<>();
        LocalDate plannedStart = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int position = 0; position < order.size(); position++) {
            TemplateDefinition.Stage definition = byKey.get(order.get(position));
            LocalDate plannedEnd = plannedStart.plusDays(definition.plannedDaysOrDefault());
            Stage stage = new Stage(Ids.newId(), definition.key(), definition.name(), position,
                    ProjectRole.valueOf(definition.ownerRole()), definition,
                    position == 0 ? StageStatus.ACTIVE : StageStatus.PENDING, plannedStart, plannedEnd,
                    position == 0 ? now : null, null, null, null, 0);
            stages.add(stage);
            for (int i = 0; i < definition.checklist().size(); i++) {
                TemplateDefinition.ChecklistItem item = definition.checklist().get(i);
                items.add(new ChecklistItem(Ids.newId(), stage.id(), i, item.title(), item.mandatory(),
                        item.evidence() == null ? Evidence.NONE : Evidence.valueOf(item.evidence()),
                        item.signOffBy(), false, null, null, null, null, 1));
            }
            plannedStart = plannedEnd;
        }
        Release release = new Release(releaseId, access.tenantId(), projectId, request.name().strip(),
                request.version().strip(), template.id(), template.version(), ReleaseStatus.RUNNING,
                request.plannedDate(), stages.getFirst().id(), actor, now, null, null, 0);
        repository.insert(release);
        stages.forEach(s -> repository.insertStage(access.tenantId(), releaseId, s));
        repository.insertItems(access.tenantId(), releaseId, items);
        ReleaseChange change = new ReleaseChange(release, stages, access, access.project().key(), actor, now,
                repository, outbox);
        change.event(ReleaseEvents.STARTED, ReleaseStarted::new);
        change.timeline("STARTED", null, "from template " + template.name() + " v" + template.version());
        change.timeline("STAGE_ENTERED", stages.getFirst().id(), stages.getFirst().name());
        change.finish();
        return view(access.tenantId(), change.release(), access.project().key());
    }

    @Transactional(readOnly = true)
    public ReleaseView get(CurrentUser caller, UUID id) {
        Release release = readable(caller, id);
        return view(release.tenantId(), release, repository.projectKey(release.tenantId(), release.projectId()));
    }

    /** The release, if the caller may see its project; 404 otherwise. */
    Release readable(CurrentUser caller, UUID id) {
        UUID tenantId = tenantOf(caller);
        Release release = repository.find(tenantId, id).orElseThrow(() -> ReleaseProblems.notFound(id));
        try {
            projects.access(caller, release.projectId());
        } catch (dev.gantry.common.web.ProblemException hidden) {
            throw ReleaseProblems.notFound(id);
        }
        return release;
    }

    @Transactional(readOnly = true)
    public CursorPage<Release> list(CurrentUser caller, UUID projectId, ReleaseStatus status, PageRequest page) {
        UUID tenantId = tenantOf(caller);
        UUID visibleTo = null;
        if (projectId != null) {
            projects.access(caller, projectId);
        } else if (!(caller.hasRole("OWNER") || caller.hasRole("ADMIN"))) {
            visibleTo = caller.userId();
        }
        return CursorPage.of(repository.page(tenantId, projectId, visibleTo, status, page), page.limit(),
                r -> PageRequest.cursorAfter(r.id()));
    }

    @Transactional
    public ReleaseView update(CurrentUser caller, UUID id, ReleaseRequests.ReleaseChanges changes, long expected) {
        ReleaseChange change = lock(caller, id, expected, Need.MANAGE);
        Release release = change.release();
        requireRunning(release);
        String name = changes.name() == null ? release.name() : changes.name().strip();
        LocalDate planned = changes.plannedDate() == null ? release.plannedDate() : changes.plannedDate();
        if (!name.equals(release.name()) || !java.util.Objects.equals(planned, release.plannedDate())) {
            change.release(release.withDetails(name, planned));
            change.touch();
            change.timeline("UPDATED", null, "name " + name + ", planned " + planned);
            change.finish();
        }
        return view(change);
    }

    /** Moves a running release from its approved stage into the next one, if the next stage's entry gate holds. */
    @Transactional
    public ReleaseView advance(CurrentUser caller, UUID id, long expected) {
        ReleaseChange change = lock(caller, id, expected, Need.WORK);
        requireRunning(change.release());
        Stage current = change.current();
        Stage next = change.stages.stream().filter(s -> s.position() == current.position() + 1).findFirst()
                .orElseThrow(() -> ReleaseProblems.stageState(current, "it is the last stage: approving it "
                        + "completes the release."));
        Map<String, List<String>> after = TemplateValidator.afterOf(new TemplateDefinition(
                change.stages.stream().map(Stage::definition).toList()));
        List<StagePreconditions.StageFact> before = change.stages.stream()
                .filter(s -> after.getOrDefault(next.key(), List.of()).contains(s.key()))
                .sorted(Comparator.comparingInt(Stage::position))
                .map(s -> new StagePreconditions.StageFact(s.name(), s.status() == StageStatus.APPROVED)).toList();
        List<StagePreconditions.Unmet> unmet = StagePreconditions.forEntering(next.preconditions(), before);
        if (!unmet.isEmpty()) {
            throw ReleaseProblems.unmet("Cannot enter " + next.name(), unmet);
        }
        if (current.status() != StageStatus.APPROVED) {
            // a template may let a stage start without its predecessor approved; the run still goes one by one
            throw ReleaseProblems.stageState(current, "approve it before moving on.");
        }
        Stage entered = new Stage(next.id(), next.key(), next.name(), next.position(), next.ownerRole(),
                next.definition(), StageStatus.ACTIVE, next.plannedStart(), next.plannedEnd(), change.now, null, null,
                null, 0);
        change.replace(entered);
        change.release(change.release().withCurrentStage(entered.id()));
        change.event(ReleaseEvents.STAGE_ENTERED, state -> new ReleaseStageEntered(state, entered.id()));
        change.timeline("STAGE_ENTERED", entered.id(), entered.name());
        change.finish();
        return view(change);
    }

    @Transactional
    public ReleaseView rollBack(CurrentUser caller, UUID id, String reason, long expected) {
        ReleaseChange change = lock(caller, id, expected, Need.MANAGE);
        Release release = change.release();
        if (!ReleaseStateMachine.canRollBack(release.status())) {
            throw ReleaseProblems.conflict("release-not-running", "Cannot roll back",
                    "The release is " + release.status() + "; only a running or completed release is rolled back.");
        }
        repository.cancelOpenRequests(release.tenantId(), release.id(), change.now);
        change.release(release.withStatus(ReleaseStatus.ROLLED_BACK, change.now, reason));
        change.event(ReleaseEvents.ROLLED_BACK, state -> new ReleaseRolledBack(state, reason));
        change.timeline("ROLLED_BACK", release.currentStageId(), reason);
        change.finish();
        return view(change);
    }

    @Transactional
    public ReleaseView abort(CurrentUser caller, UUID id, String reason, long expected) {
        ReleaseChange change = lock(caller, id, expected, Need.MANAGE);
        Release release = change.release();
        if (!ReleaseStateMachine.canAbort(release.status())) {
            throw ReleaseProblems.notRunning(release);
        }
        repository.cancelOpenRequests(release.tenantId(), release.id(), change.now);
        change.release(release.withStatus(ReleaseStatus.ABORTED, change.now, reason));
        change.event(ReleaseEvents.ABORTED, state -> new ReleaseAborted(state, reason));
        change.timeline("ABORTED", release.currentStageId(), reason);
        change.finish();
        return view(change);
    }

    /** Notes an incident (e.g. during the gray release) for the retrospective; allowed until the release is purged. */
    @Transactional
    public Incident noteIncident(CurrentUser caller, UUID id, ReleaseRequests.NewIncident request) {
        ReleaseChange change = lock(caller, id, null, Need.WORK);
        Incident incident = new Incident(Ids.newId(), request.title().strip(), request.severity(),
                request.description(), change.actor, change.now);
        repository.insertIncident(change.release().tenantId(), id, incident);
        change.touch();
        change.timeline("INCIDENT_NOTED", change.release().currentStageId(), incident.severity() + " "
                + incident.title());
        change.finish();
        return incident;
    }

    @Transactional(readOnly = true)
    public CursorPage<TimelineEntry> timeline(CurrentUser caller, UUID id, PageRequest page) {
        Release release = readable(caller, id);
        return CursorPage.of(repository.timeline(release.tenantId(), id, page), page.limit(),
                e -> PageRequest.cursorAfter(e.id()));
    }

    enum Need {
        WORK, MANAGE, READ
    }

    /**
     * Locks the release for a change after checking the caller may see it (404) and may make the change (403), and,
     * when {@code expected} is given, that it is at that revision (412).
     */
    ReleaseChange lock(CurrentUser caller, UUID id, Long expected, Need need) {
        Release visible = readable(caller, id);
        ProjectAccess access = switch (need) {
            case MANAGE -> projects.requireManage(caller, visible.projectId());
            case WORK -> projects.requireWork(caller, visible.projectId());
            case READ -> projects.access(caller, visible.projectId());
        };
        Release release = repository.lock(visible.tenantId(), id).orElseThrow(() -> ReleaseProblems.notFound(id));
        if (expected != null) {
            Versions.require("release", expected, release.revision());
        }
        return new ReleaseChange(release, repository.stages(release.tenantId(), id), access,
                access.project().key(), caller.userId(), now(), repository, outbox);
    }

    ReleaseView view(ReleaseChange change) {
        return view(change.release().tenantId(), change.release(), change.projectKey);
    }

    ReleaseView view(UUID tenantId, Release release, String projectKey) {
        List<Stage> stages = repository.stages(tenantId, release.id());
        List<ChecklistItem> items = repository.items(tenantId, release.id());
        List<ApprovalRequest> requests = repository.requests(tenantId, release.id());
        List<Approval> approvals = repository.approvals(tenantId, release.id());
        List<ReleaseView.StageView> views = stages.stream().map(s -> {
            ApprovalRequest last = requests.stream().filter(r -> r.stageId().equals(s.id()))
                    .max(Comparator.comparingInt(ApprovalRequest::round)).orElse(null);
            ReleaseView.SignOff signOff = last == null ? null : new ReleaseView.SignOff(last.id(), last.round(),
                    last.requestedBy(), last.requestedAt(), last.approverIds(), last.outcome(),
                    approvals.stream().filter(a -> a.requestId().equals(last.id())).toList());
            return new ReleaseView.StageView(s.id(), s.key(), s.name(), s.position(), s.ownerRole(), s.status(),
                    s.plannedStart(), s.plannedEnd(), s.enteredAt(), s.approvedAt(), s.preconditions(),
                    s.approvalRule(), items.stream().filter(i -> i.stageId().equals(s.id())).toList(), signOff);
        }).toList();
        return new ReleaseView(release.id(), release.projectId(), projectKey, release.name(), release.version(),
                release.templateId(), release.templateVersion(), release.status(), release.plannedDate(),
                release.currentStageId(), release.startedBy(), release.startedAt(), release.endedAt(),
                release.endReason(), release.revision(), views);
    }

    static void requireRunning(Release release) {
        if (!ReleaseStateMachine.canWorkOn(release.status())) {
            throw ReleaseProblems.notRunning(release);
        }
    }

    private static UUID tenantOf(CurrentUser caller) {
        return caller.tenantId().orElseThrow(() -> new AccessDeniedException("The token names no tenant"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
