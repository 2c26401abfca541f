package dev.gantry.project.milestones;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;
import dev.gantry.events.projects.MilestoneCreated;
import dev.gantry.events.projects.MilestoneDeleted;
import dev.gantry.events.projects.MilestoneEvents;
import dev.gantry.events.projects.MilestoneState;
import dev.gantry.events.projects.MilestoneUpdated;
import dev.gantry.project.projects.ProjectAccess;
import dev.gantry.project.projects.Projects;

/**
 * Milestones of a project: members read them, those who work on the project create and change them. Each change
 * increments the milestone's version (its ETag and the aggregate version of its event).
 */
@Service
public class Milestones {

    private final JdbcClient jdbc;
    private final Projects projects;
    private final Outbox outbox;
    private final Clock clock;

    Milestones(JdbcClient jdbc, Projects projects, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Milestone create(CurrentUser caller, MilestoneRequests.NewMilestone request) {
        ProjectAccess access = projects.requireWork(caller, request.projectId());
        requireReleaseOf(access, request.releaseId());
        Milestone milestone = new Milestone(Ids.newId(), request.projectId(), request.name().strip(),
                request.description(), request.dueDate(), request.releaseId(), Milestone.OPEN, caller.userId(),
                clock.instant().truncatedTo(ChronoUnit.MICROS), 1);
        jdbc.sql("""
                insert into milestones (id, tenant_id, project_id, name, description, due_date, release_id, status,
                                        created_by, created_at, version)
                values (:id, :tenantId, :projectId, :name, :description, :dueDate, :releaseId, :status, :createdBy,
                        :createdAt, :version)
                """)
                .param("id", milestone.id()).param("tenantId", access.tenantId())
                .param("projectId", milestone.projectId()).param("name", milestone.name())
                .param("description", milestone.description()).param("dueDate", milestone.dueDate())
                .param("releaseId", milestone.releaseId()).param("status", milestone.status())
                .param("createdBy", milestone.createdBy())
                .param("createdAt", milestone.createdAt().atOffset(ZoneOffset.UTC))
                .param("version", milestone.version()).update();
        outbox.record(MilestoneEvents.CREATED, milestone.id(), milestone.version(),
                new MilestoneCreated(state(milestone)));
        return milestone;
    }

    @Transactional(readOnly = true)
    public Milestone get(CurrentUser caller, UUID id) {
        Milestone milestone = find(tenantOf(caller), id, false);
        visible(caller, milestone);
        return milestone;
    }

    @Transactional(readOnly = true)
    public CursorPage<Milestone> list(CurrentUser caller, UUID projectId, PageRequest page) {
        ProjectAccess access = projects.access(caller, projectId);
        List<Milestone> rows = jdbc.sql("""
                select * from milestones where tenant_id = :tenantId and project_id = :projectId
                  and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id limit :limit
                """)
                .param("tenantId", access.tenantId()).param("projectId", projectId)
                .param("after", page.after().orElse(null)).param("limit", page.limit() + 1)
                .query(Milestones::map).list();
        return CursorPage.of(rows, page.limit(), m -> PageRequest.cursorAfter(m.id()));
    }

    @Transactional
    public Milestone update(CurrentUser caller, UUID id, MilestoneRequests.MilestoneChanges changes, long expected) {
        UUID tenantId = tenantOf(caller);
        Milestone current = find(tenantId, id, true);
        ProjectAccess access = visible(caller, current);
        if (!access.canWork()) {
            throw new AccessDeniedException("Viewers and guests only read milestones");
        }
        Versions.require("milestone", expected, current.version());
        List<String> changed = new ArrayList<>();
        String name = changes.name() == null ? current.name() : changes.name().strip();
        if (!name.equals(current.name())) {
            changed.add("name");
        }
        String description = changes.description() == null ? current.description()
                : changes.description().isEmpty() ? null : changes.description();
        if (!Objects.equals(description, current.description())) {
            changed.add("description");
        }
        LocalDate due = changes.dueDate() == null ? current.dueDate() : changes.dueDate();
        if (!due.equals(current.dueDate())) {
            changed.add("dueDate");
        }
        UUID releaseId = Boolean.TRUE.equals(changes.unlinkRelease()) ? null
                : changes.releaseId() == null ? current.releaseId() : changes.releaseId();
        if (!Objects.equals(releaseId, current.releaseId())) {
            requireReleaseOf(access, releaseId);
            changed.add("releaseId");
        }
        String status = changes.status() == null ? current.status() : changes.status();
        if (!status.equals(current.status())) {
            changed.add("status");
        }
        if (changed.isEmpty()) {
            return current;
        }
        Milestone next = new Milestone(id, current.projectId(), name, description, due, releaseId, status,
                current.createdBy(), current.createdAt(), current.version() + 1);
        jdbc.sql("""
                update milestones set name = :name, description = :description, due_date = :dueDate,
                       release_id = :releaseId, status = :status, version = :version
                where tenant_id = :tenantId and id = :id and version = :expected
                """)
                .param("name", name).param("description", description).param("dueDate", due)
                .param("releaseId", releaseId).param("status", status).param("version", next.version())
                .param("tenantId", tenantId).param("id", id).param("expected", current.version()).update();
        outbox.record(MilestoneEvents.UPDATED, id, next.version(), new MilestoneUpdated(state(next), changed));
        return next;
    }

    @Transactional
    public void delete(CurrentUser caller, UUID id, long expected) {
        UUID tenantId = tenantOf(caller);
        Milestone current = find(tenantId, id, true);
        ProjectAccess access = visible(caller, current);
        if (!access.canWork()) {
            throw new AccessDeniedException("Viewers and guests only read milestones");
        }
        Versions.require("milestone", expected, current.version());
        jdbc.sql("delete from milestones where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId).param("id", id).update();
        outbox.record(MilestoneEvents.DELETED, id, current.version() + 1, new MilestoneDeleted(id, current.projectId()));
    }

    private void requireReleaseOf(ProjectAccess access, UUID releaseId) {
        if (releaseId == null) {
            return;
        }
        boolean ofProject = jdbc.sql("select count(*) from releases where tenant_id = :tenantId and id = :id and project_id = :projectId")
                .param("tenantId", access.tenantId()).param("id", releaseId).param("projectId", access.project().id())
                .query(Integer.class).single() == 1;
        if (!ofProject) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("unknown-release"),
                    "Unknown release", "Release " + releaseId + " is not a release of this project.");
        }
    }

    private ProjectAccess visible(CurrentUser caller, Milestone milestone) {
        try {
            return projects.access(caller, milestone.projectId());
        } catch (ProblemException hidden) {
            throw notFound(milestone.id());
        }
    }

    private Milestone find(UUID tenantId, UUID id, boolean forUpdate) {
        return jdbc.sql("select * from milestones where tenant_id = :tenantId and id = :id"
                        + (forUpdate ? " for update" : ""))
                .param("tenantId", tenantId).param("id", id).query(Milestones::map).optional()
                .orElseThrow(() -> notFound(id));
    }

    private static MilestoneState state(Milestone m) {
        return new MilestoneState(m.id(), m.projectId(), m.name(), m.dueDate(), m.releaseId(), m.status());
    }

    private static Milestone map(ResultSet rs, int n) throws SQLException {
        return new Milestone(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                rs.getString("name"), rs.getString("description"), rs.getObject("due_date", LocalDate.class),
                rs.getObject("release_id", UUID.class), rs.getString("status"), rs.getObject("created_by", UUID.class),
                rs.getTimestamp("created_at").toInstant(), rs.getLong("version"));
    }

    private static UUID tenantOf(CurrentUser caller) {
        return caller.tenantId().orElseThrow(() -> new AccessDeniedException("The token names no tenant"));
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Milestone not found",
                "No milestone " + id + " in your organisation.");
    }
}
