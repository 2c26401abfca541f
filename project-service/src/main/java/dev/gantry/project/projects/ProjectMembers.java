package dev.gantry.project.projects;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.events.Outbox;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectMemberAdded;
import dev.gantry.events.projects.ProjectMemberChanged;
import dev.gantry.events.projects.ProjectMemberRemoved;
import dev.gantry.events.projects.ProjectRole;
import dev.gantry.project.duties.Duties;

/**
 * Who belongs to a project, with project role and duties. Managers and tenant admins add, change and remove members;
 * each change is a change of the project (its version increments) and an event other services authorize from.
 */
@Service
public class ProjectMembers {

    static final int MAX_MEMBERS = 1000;

    /** The project after a membership change (for its new ETag) and the member as it now is. */
    public record MemberChange(Project project, ProjectMember member) {
    }

    private final Projects projects;
    private final ProjectRepository repository;
    private final Duties duties;
    private final Outbox outbox;
    private final Clock clock;

    ProjectMembers(Projects projects, ProjectRepository repository, Duties duties, Outbox outbox, Clock clock) {
        this.projects = projects;
        this.repository = repository;
        this.duties = duties;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<ProjectMember> list(CurrentUser caller, UUID projectId) {
        ProjectAccess access = projects.access(caller, projectId);
        return repository.members(access.tenantId(), projectId);
    }

    @Transactional
    public MemberChange add(CurrentUser caller, UUID projectId, NewMember request, Long expectedVersion) {
        Project current = lock(caller, projectId, expectedVersion);
        List<String> memberDuties = normalized(request.duties());
        duties.requireKnown(current.tenantId(), memberDuties, "duties");
        if (repository.member(current.tenantId(), projectId, request.userId()).isPresent()) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("already-a-member"), "Already a member",
                    request.userId() + " is already a member of this project; change their role instead.");
        }
        if (repository.memberCount(current.tenantId(), projectId) >= MAX_MEMBERS) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("too-many-members"), "Too many members",
                    "A project has at most " + MAX_MEMBERS + " members.");
        }
        ProjectMember member = new ProjectMember(request.userId(), request.role(), memberDuties);
        repository.addMember(current.tenantId(), projectId, member, now());
        Project next = bump(current);
        outbox.record(ProjectEvents.MEMBER_ADDED, projectId, next.version(), new ProjectMemberAdded(projectId, member));
        return new MemberChange(next, member);
    }

    @Transactional
    public MemberChange change(CurrentUser caller, UUID projectId, UUID userId, MemberChanges changes,
            long expectedVersion) {
        Project current = lock(caller, projectId, expectedVersion);
        ProjectMember before = repository.member(current.tenantId(), projectId, userId)
                .orElseThrow(() -> notAMember(userId));
        List<String> changed = new ArrayList<>();
        ProjectRole role = before.role();
        if (changes.role() != null && changes.role() != before.role()) {
            if (before.role() == ProjectRole.MANAGER) {
                requireAnotherManager(current, userId);
            }
            role = changes.role();
            changed.add("role");
        }
        List<String> memberDuties = before.duties();
        if (changes.duties() != null) {
            List<String> requested = normalized(changes.duties());
            duties.requireKnown(current.tenantId(), requested, "duties");
            if (!requested.equals(before.duties())) {
                memberDuties = requested;
                changed.add("duties");
            }
        }
        if (changed.isEmpty()) {
            return new MemberChange(current, before);
        }
        ProjectMember after = new ProjectMember(userId, role, memberDuties);
        repository.updateMember(current.tenantId(), projectId, after);
        Project next = bump(current);
        outbox.record(ProjectEvents.MEMBER_CHANGED, projectId, next.version(),
                new ProjectMemberChanged(projectId, after, changed));
        return new MemberChange(next, after);
    }

    @Transactional
    public Project remove(CurrentUser caller, UUID projectId, UUID userId, long expectedVersion) {
        Project current = lock(caller, projectId, expectedVersion);
        ProjectMember member = repository.member(current.tenantId(), projectId, userId)
                .orElseThrow(() -> notAMember(userId));
        if (userId.equals(current.ownerId())) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("owner-cannot-leave"),
                    "The owner cannot be removed", "Make someone else the project's owner first.");
        }
        if (member.role() == ProjectRole.MANAGER) {
            requireAnotherManager(current, userId);
        }
        repository.removeMember(current.tenantId(), projectId, userId);
        Project next = bump(current);
        outbox.record(ProjectEvents.MEMBER_REMOVED, projectId, next.version(),
                new ProjectMemberRemoved(projectId, userId));
        return next;
    }

    /** Adding a member needs no If-Match (it creates); when one is sent it must still match. */
    private Project lock(CurrentUser caller, UUID projectId, Long expectedVersion) {
        projects.requireManage(caller, projectId);
        Project current = repository.findForUpdate(ProjectPermissions.tenantOf(caller), projectId)
                .orElseThrow(() -> Projects.notFound(projectId));
        if (expectedVersion != null) {
            Versions.require("project", expectedVersion, current.version());
        }
        if (current.archived()) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("project-archived"), "Project archived",
                    "Restore the project before changing its members.");
        }
        return current;
    }

    private void requireAnotherManager(Project project, UUID leaving) {
        boolean another = repository.members(project.tenantId(), project.id()).stream()
                .anyMatch(m -> m.role() == ProjectRole.MANAGER && !m.userId().equals(leaving));
        if (!another) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("last-manager"), "Last manager",
                    "A project keeps at least one MANAGER; make someone else a manager first.");
        }
    }

    private Project bump(Project current) {
        Project next = new Project(current.id(), current.tenantId(), current.key(), current.name(),
                current.description(), current.status(), current.startDate(), current.targetDate(),
                current.ownerId(), current.createdBy(), current.createdAt(), now(), null, current.version() + 1);
        if (!repository.update(next, current.version())) {
            throw Versions.stale("project", current.version());
        }
        return next;
    }

    private static List<String> normalized(List<String> requested) {
        return requested == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(requested.stream().map(String::strip).toList()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ProblemException notAMember(UUID userId) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not a member",
                userId + " is not a member of this project.");
    }
}
