package dev.gantry.project.projects;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectEvents;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;

/** Creating and reading projects within the caller's tenant. */
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
        Project project = new Project(Ids.newId(), tenantId, request.key(), request.name().strip(),
                request.description(), Project.ACTIVE, request.startDate(), request.targetDate(), caller.subject(),
                clock.instant().truncatedTo(ChronoUnit.MICROS), 1);
        ProjectMember creator = new ProjectMember(caller.userId(), ProjectRole.MANAGER, List.of());
        try {
            repository.insert(project);
        } catch (DuplicateKeyException e) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("project-key-taken"),
                    "Project key already in use", "The key " + request.key() + " is already used by a project of "
                            + "this organisation; project keys are unique and never reused.");
        }
        repository.addMember(project, creator);
        outbox.record(ProjectEvents.CREATED, project.id(), project.version(), new ProjectCreated(project.id(),
                project.key(), project.name(), project.description(), project.status(), project.startDate(),
                project.targetDate(), List.of(creator), creator.userId(), project.createdAt()));
        return project;
    }

    @Transactional(readOnly = true)
    public Project get(CurrentUser caller, UUID id) {
        ProjectPermissions.requireCanRead(caller);
        return repository.find(ProjectPermissions.tenantOf(caller), id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public CursorPage<Project> list(CurrentUser caller, PageRequest page) {
        ProjectPermissions.requireCanRead(caller);
        return CursorPage.of(repository.page(ProjectPermissions.tenantOf(caller), page), page.limit(),
                project -> PageRequest.cursorAfter(project.id()));
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Project not found",
                "No project " + id + " in your organisation.");
    }
}
