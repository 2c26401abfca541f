package dev.gantry.project.release;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.web.Versions;
import dev.gantry.events.EventType;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseState;
import dev.gantry.project.projects.ProjectAccess;

/**
 * One change of a locked release: the stages it touches, its timeline entries and its events. Each event (and each
 * change that has none, e.g. a checklist item) increments the release's revision by one; {@link #finish} writes the
 * release at its new revision.
 */
final class ReleaseChange {

    final ProjectAccess access;
    final String projectKey;
    final List<Stage> stages;
    final UUID actor;
    final Instant now;
    private final ReleaseRepository repository;
    private final Outbox outbox;
    private final long startRevision;
    private final Set<UUID> changedStages = new LinkedHashSet<>();
    private Release release;

    ReleaseChange(Release release, List<Stage> stages, ProjectAccess access, String projectKey, UUID actor,
            Instant now, ReleaseRepository repository, Outbox outbox) {
        this.release = release;
        this.stages = new ArrayList<>(stages);
        this.access = access;
        this.projectKey = projectKey;
        this.actor = actor;
        this.now = now;
        this.repository = repository;
        this.outbox = outbox;
        this.startRevision = release.revision();
    }

    Release release() {
        return release;
    }

    void release(Release changed) {
        this.release = changed;
    }

    Stage stage(UUID stageId) {
        return stages.stream().filter(s -> s.id().equals(stageId)).findFirst().orElse(null);
    }

    Stage current() {
        return stage(release.currentStageId());
    }

    void replace(Stage changed) {
        stages.replaceAll(s -> s.id().equals(changed.id()) ? changed : s);
        changedStages.add(changed.id());
    }

    /** Records an event of the release's state as it now is, at the next revision. */
    <T> void event(EventType<T> type, Function<ReleaseState, T> payload) {
        release = release.withRevision(release.revision() + 1);
        outbox.record(type, release.id(), release.revision(), payload.apply(state()));
    }

    /** A change without an event of its own still takes a revision, so the release's ETag changes. */
    void touch() {
        release = release.withRevision(release.revision() + 1);
    }

    void timeline(String action, UUID stageId, String detail) {
        repository.insertTimeline(release.tenantId(), release.id(),
                new TimelineEntry(Ids.newId(), now, actor, action, stageId, detail));
    }

    void finish() {
        for (UUID stageId : changedStages) {
            repository.updateStage(release.tenantId(), stage(stageId));
        }
        if (release.revision() != startRevision && !repository.update(release, startRevision)) {
            // the row is locked for this transaction: only a bug could get here
            throw Versions.stale("release", startRevision);
        }
    }

    ReleaseState state() {
        return new ReleaseState(release.id(), release.projectId(), projectKey, release.name(), release.version(),
                release.templateId(), release.templateVersion(), release.status(), release.plannedDate(),
                release.currentStageId(), stages.stream().map(s -> new ReleaseStage(s.id(), s.name(), s.position(),
                        s.ownerRole(), s.status())).toList(), release.startedBy(), release.startedAt(),
                release.endedAt());
    }
}
