package dev.gantry.task.links;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.events.Event;
import dev.gantry.events.projects.MilestoneCreated;
import dev.gantry.events.projects.MilestoneDeleted;
import dev.gantry.events.projects.MilestoneEvents;
import dev.gantry.events.projects.MilestoneState;
import dev.gantry.events.projects.MilestoneUpdated;
import dev.gantry.events.projects.ReleaseEvents;
import dev.gantry.events.projects.ReleaseStage;
import dev.gantry.events.projects.ReleaseState;

/**
 * What task-service knows of project-service's releases (with their stages) and milestones, kept from their events,
 * so that a task's milestone and stage links are checked without calling project-service. Every release event carries
 * the release's full state; an event older than the stored version changes nothing.
 */
@Component
public class ProjectLinks {

    static final String HANDLER = "project-links";

    private final JdbcClient jdbc;

    ProjectLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public EventSubscriptions subscriptions() {
        return EventSubscriptions.builder()
                .on(ReleaseEvents.STARTED, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(ReleaseEvents.STAGE_ENTERED, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(ReleaseEvents.APPROVAL_REQUESTED, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(ReleaseEvents.STAGE_APPROVED, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(ReleaseEvents.STAGE_REJECTED, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(ReleaseEvents.COMPLETED, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(ReleaseEvents.ROLLED_BACK, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(ReleaseEvents.ABORTED, HANDLER, e -> onRelease(e, e.payload().release()))
                .on(MilestoneEvents.CREATED, HANDLER, this::onMilestoneCreated)
                .on(MilestoneEvents.UPDATED, HANDLER, this::onMilestoneUpdated)
                .on(MilestoneEvents.DELETED, HANDLER, this::onMilestoneDeleted)
                .build();
    }

    /** Whether the milestone exists in the project (current tenant). */
    public boolean milestoneExists(UUID projectId, UUID milestoneId) {
        return jdbc.sql("select count(*) from milestones where id = :id and project_id = :p and not deleted")
                .param("id", milestoneId).param("p", projectId).query(Long.class).single() > 0;
    }

    /** Whether the stage belongs to the release and the release to the project (current tenant). */
    public boolean stageExists(UUID projectId, UUID releaseId, UUID stageId) {
        return jdbc.sql("""
                select count(*) from release_stages where release_id = :r and stage_id = :s and project_id = :p
                """)
                .param("r", releaseId).param("s", stageId).param("p", projectId).query(Long.class).single() > 0;
    }

    private void onRelease(Event<?> event, ReleaseState release) {
        int changed = jdbc.sql("""
                insert into releases (id, tenant_id, project_id, version) values (:id, :t, :p, :v)
                on conflict (id) do update set version = excluded.version where releases.version < excluded.version
                """)
                .param("id", release.releaseId()).param("t", event.tenantId()).param("p", release.projectId())
                .param("v", event.aggregateVersion()).update();
        if (changed == 0) {
            return;
        }
        jdbc.sql("delete from release_stages where release_id = :id").param("id", release.releaseId()).update();
        for (ReleaseStage stage : release.stages()) {
            jdbc.sql("""
                    insert into release_stages (release_id, stage_id, tenant_id, project_id, name)
                    values (:r, :s, :t, :p, :name)
                    """)
                    .param("r", release.releaseId()).param("s", stage.stageId()).param("t", event.tenantId())
                    .param("p", release.projectId()).param("name", stage.name()).update();
        }
    }

    void onMilestoneCreated(Event<MilestoneCreated> event) {
        upsertMilestone(event, event.payload().milestone(), false);
    }

    void onMilestoneUpdated(Event<MilestoneUpdated> event) {
        upsertMilestone(event, event.payload().milestone(), false);
    }

    void onMilestoneDeleted(Event<MilestoneDeleted> event) {
        MilestoneDeleted deleted = event.payload();
        upsertMilestone(event, new MilestoneState(deleted.milestoneId(), deleted.projectId(), "", null, null,
                "DELETED"), true);
    }

    private void upsertMilestone(Event<?> event, MilestoneState milestone, boolean deleted) {
        jdbc.sql("""
                insert into milestones (id, tenant_id, project_id, name, deleted, version)
                values (:id, :t, :p, :name, :deleted, :v)
                on conflict (id) do update set name = excluded.name, deleted = excluded.deleted,
                    version = excluded.version
                where milestones.version < excluded.version
                """)
                .param("id", milestone.milestoneId()).param("t", event.tenantId()).param("p", milestone.projectId())
                .param("name", milestone.name() == null ? "" : milestone.name()).param("deleted", deleted)
                .param("v", event.aggregateVersion()).update();
    }
}
