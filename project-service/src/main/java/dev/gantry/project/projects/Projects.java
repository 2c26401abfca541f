package dev.gantry.project.projects;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
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
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectDeleted;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.events.projects.ProjectUpdated;

/**
 * Projects within the caller's tenant: create (立项), read, change, archive and restore, delete (soft, purged after
 * the retention period), and what a caller may do with one ({@link #access}). Every change increments the project's
 * version, which is its ETag and the aggregate version of the event it records.
 */
@Service
public class Projects {

    private final ProjectRepository repository;
    private final Outbox outbox;
    private final Clock clock;

    Projects(ProjectRepository repository, Outbox outbox, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Project create(CurrentUser caller, NewProject request) {
        ProjectPermissions.requireCanCreate(caller);
        UUID tenantId = ProjectPermissions.tenantOf(caller);
        Instant now = now();
        Project project = new Project(Ids.newId(), tenantId, request.key(), request.name().strip(),
                request.description(), Project.ACTIVE, request.startDate(), request.targetDate(), caller.userId(),
                caller.subject(), now, now, null, 1);
        ProjectMember creator = new ProjectMember(caller.userId(), ProjectRole.MANAGER, List.of());
        try {
            repository.insert(project);
        } catch (DuplicateKeyException e) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("project-key-taken"),
                    "Project key already in use", "The key " + request.key() + " is already used by a project of "
                            + "this organisation; project keys are unique and never reused.");
        }
        repository.addMember(tenantId, project.id(), creator, now);
        outbox.record(ProjectEvents.CREATED, project.id(), project.version(), new ProjectCreated(project.id(),
                project.key(), project.name(), project.description(), project.status(), project.startDate(),
                project.targetDate(), List.of(creator), creator.userId(), project.createdAt()));
        return project;
    }

    @Transactional(readOnly = true)
    public Project get(CurrentUser caller, UUID id) {
        return access(caller, id).project();
    }

    /**
     * The project and what the caller may do with it; 404 when it does not exist in the caller's tenant or the
     * caller may not see it (a non-member learns nothing about it).
     */
    @Transactional(readOnly = true)
    public ProjectAccess access(CurrentUser caller, UUID id) {
        UUID tenantId = ProjectPermissions.tenantOf(caller);
        Project project = repository.find(tenantId, id).orElseThrow(() -> notFound(id));
        Optional<ProjectMember> membership = membershipOf(caller, tenantId, id);
        if (!ProjectPermissions.canRead(caller, membership)) {
            throw notFound(id);
        }
        return new ProjectAccess(project, caller, membership);
    }

    /** As {@link #access}, then 403 unless the caller may work on the project. */
    @Transactional(readOnly = true)
    public ProjectAccess requireWork(CurrentUser caller, UUID id) {
        ProjectAccess access = access(caller, id);
        if (!access.canWork()) {
            throw new AccessDeniedException("Viewers and guests only read this project");
        }
        return access;
    }

    /** As {@link #access}, then 403 unless the caller manages the project (its MANAGERs, tenant OWNER/ADMIN). */
    @Transactional(readOnly = true)
    public ProjectAccess requireManage(CurrentUser caller, UUID id) {
        ProjectAccess access = access(caller, id);
        if (!access.canManage()) {
            throw new AccessDeniedException("Only the project's managers and the organisation's admins may do this");
        }
        return access;
    }

    /** The project's members with roles and duties, for approval rules. */
    @Transactional(readOnly = true)
    public List<ProjectMember> members(UUID tenantId, UUID projectId) {
        return repository.members(tenantId, projectId);
    }

    @Transactional(readOnly = true)
    public CursorPage<Project> list(CurrentUser caller, ProjectQuery query, PageRequest page) {
        UUID tenantId = ProjectPermissions.tenantOf(caller);
        UUID visibleTo = ProjectPermissions.isTenantAdmin(caller) ? null : caller.userId();
        return CursorPage.of(repository.page(tenantId, visibleTo, query, page), page.limit(),
                project -> PageRequest.cursorAfter(project.id()));
    }

    @Transactional
    public Project update(CurrentUser caller, UUID id, ProjectChanges changes, long expectedVersion) {
        Project current = lockForChange(caller, id, expectedVersion);
        if (current.archived()) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("project-archived"), "Project archived",
                    "Restore the project before changing it.");
        }
        List<String> changed = new ArrayList<>();
        String name = pick(changes.name() == null ? null : changes.name().strip(), current.name(), "name", changed);
        String description = changes.description() == null ? current.description()
                : changes.description().isEmpty() ? null : changes.description();
        if (!Objects.equals(description, current.description())) {
            changed.add("description");
        }
        var startDate = pick(changes.startDate(), current.startDate(), "startDate", changed);
        var targetDate = pick(changes.targetDate(), current.targetDate(), "targetDate", changed);
        if (startDate != null && targetDate != null && targetDate.isBefore(startDate)) {
            throw new dev.gantry.common.web.ValidationProblem(List.of(
                    new Problems.FieldError("targetDate", "must not be before the start date")));
        }
        UUID ownerId = pick(changes.ownerId(), current.ownerId(), "ownerId", changed);
        if (changed.contains("ownerId") && repository.member(current.tenantId(), id, ownerId).isEmpty()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type("owner-not-a-member"),
                    "Owner must be a member", "Add " + ownerId + " to the project before making them its owner.");
        }
        if (changed.isEmpty()) {
            return current;
        }
        Project next = new Project(id, current.tenantId(), current.key(), name, description, current.status(),
                startDate, targetDate, ownerId, current.createdBy(), current.createdAt(), now(), null,
                current.version() + 1);
        save(next, current.version(), changed);
        return next;
    }

    @Transactional
    public Project archive(CurrentUser caller, UUID id, long expectedVersion) {
        Project current = lockForChange(caller, id, expectedVersion);
        if (current.archived()) {
            return current;
        }
        return changeStatus(current, Project.ARCHIVED);
    }

    /** Restores an archived project, or (tenant OWNER/ADMIN only) a deleted one still within the retention period. */
    @Transactional
    public Project restore(CurrentUser caller, UUID id, long expectedVersion) {
        UUID tenantId = ProjectPermissions.tenantOf(caller);
        Project deleted = repository.findIncludingDeleted(tenantId, id).filter(Project::deleted).orElse(null);
        if (deleted != null) {
            if (!ProjectPermissions.isTenantAdmin(caller)) {
                throw notFound(id);
            }
            Versions.require("project", expectedVersion, deleted.version());
            Project next = new Project(id, tenantId, deleted.key(), deleted.name(), deleted.description(),
                    deleted.status(), deleted.startDate(), deleted.targetDate(), deleted.ownerId(),
                    deleted.createdBy(), deleted.createdAt(), now(), null, deleted.version() + 1);
            save(next, deleted.version(), List.of("deleted"));
            return next;
        }
        Project current = lockForChange(caller, id, expectedVersion);
        if (!current.archived()) {
            return current;
        }
        return changeStatus(current, Project.ACTIVE);
    }

    @Transactional
    public void delete(CurrentUser caller, UUID id, long expectedVersion) {
        Project current = lockForChange(caller, id, expectedVersion);
        Instant now = now();
        Project next = new Project(id, current.tenantId(), current.key(), current.name(), current.description(),
                current.status(), current.startDate(), current.targetDate(), current.ownerId(), current.createdBy(),
                current.createdAt(), now, now, current.version() + 1);
        if (!repository.update(next, current.version())) {
            throw Versions.stale("project", current.version());
        }
        outbox.record(ProjectEvents.DELETED, id, next.version(), new ProjectDeleted(id, current.key()));
    }

    /** The project locked for a change by a manager, at the version the client read (412 otherwise). */
    Project lockForChange(CurrentUser caller, UUID id, long expectedVersion) {
        requireManage(caller, id);
        Project current = repository.findForUpdate(ProjectPermissions.tenantOf(caller), id)
                .orElseThrow(() -> notFound(id));
        Versions.require("project", expectedVersion, current.version());
        return current;
    }

    private Project changeStatus(Project current, String status) {
        Project next = new Project(current.id(), current.tenantId(), current.key(), current.name(),
                current.description(), status, current.startDate(), current.targetDate(), current.ownerId(),
                current.createdBy(), current.createdAt(), now(), null, current.version() + 1);
        save(next, current.version(), List.of("status"));
        return next;
    }

    private void save(Project next, long expectedVersion, List<String> changedFields) {
        if (!repository.update(next, expectedVersion)) {
            throw Versions.stale("project", expectedVersion + 1);
        }
        outbox.record(ProjectEvents.UPDATED, next.id(), next.version(), updated(next, changedFields));
    }

    /** Reads a projects row; for features that query projects themselves (the export). */
    public static org.springframework.jdbc.core.RowMapper<Project> rowMapper() {
        return ProjectRepository::map;
    }

    static ProjectUpdated updated(Project project, List<String> changedFields) {
        return new ProjectUpdated(project.id(), project.key(), project.name(), project.description(),
                project.status(), project.startDate(), project.targetDate(), project.ownerId(), changedFields);
    }

    private Optional<ProjectMember> membershipOf(CurrentUser caller, UUID tenantId, UUID projectId) {
        try {
            return repository.member(tenantId, projectId, caller.userId());
        } catch (AccessDeniedException notAUser) {
            return Optional.empty();
        }
    }

    private static <T> T pick(T requested, T current, String field, List<String> changed) {
        if (requested == null || requested.equals(current)) {
            return current;
        }
        changed.add(field);
        return requested;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Project not found",
                "No project " + id + " in your organisation.");
    }
}
