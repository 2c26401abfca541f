package dev.gantry.project.projects;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;

/** Creating and reading projects within the caller's tenant. */
@Service
public class Projects {

    private final ProjectRepository repository;
    private final Clock clock;

    Projects(ProjectRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional
    public Project create(CurrentUser caller, NewProject request) {
        ProjectPermissions.requireCanCreate(caller);
        UUID tenantId = ProjectPermissions.tenantOf(caller);
        Project project = new Project(Ids.newId(), tenantId, request.key(), request.name().strip(),
                request.description(), caller.subject(), clock.instant().truncatedTo(ChronoUnit.MICROS), 1);
        try {
            repository.insert(project);
        } catch (DuplicateKeyException e) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("project-key-taken"),
                    "Project key already in use", "The key " + request.key() + " is already used by a project of "
                            + "this organisation; project keys are unique and never reused.");
        }
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
