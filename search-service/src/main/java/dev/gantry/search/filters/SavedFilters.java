package dev.gantry.search.filters;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.common.web.Versions;
import dev.gantry.search.filterlang.FilterQueryParser;
import dev.gantry.search.filterlang.FilterTranslator;
import dev.gantry.search.filterlang.ProjectKeys;

/**
 * Saved filters: each user keeps their own; one shared in a project is visible to everyone who may read that
 * project, and only its owner changes or deletes it. A filter's query is checked like a search would run it, so a
 * saved filter always parses.
 */
@Service
public class SavedFilters {

    private final SavedFilterRepository repository;
    private final ProjectAccess access;
    private final ProjectKeys projectKeys;
    private final Clock clock;

    SavedFilters(SavedFilterRepository repository, ProjectAccess access, ProjectKeys projectKeys, Clock clock) {
        this.repository = repository;
        this.access = access;
        this.projectKeys = projectKeys;
        this.clock = clock;
    }

    @Transactional
    public SavedFilter create(CurrentUser caller, FilterForm form) {
        check(caller, form);
        Instant now = clock.instant();
        SavedFilter filter = new SavedFilter(Ids.newId(), caller.userId(), form.projectId(), form.name().strip(),
                form.query(), form.isShared(), 1, now, now);
        repository.insert(caller.tenantId().orElseThrow(), filter);
        return filter;
    }

    @Transactional(readOnly = true)
    public SavedFilter get(CurrentUser caller, UUID id) {
        return visible(caller, id);
    }

    /** The query of a filter the caller may see, for running it; 404 for one they may not. */
    @Transactional(readOnly = true)
    public String queryFor(CurrentUser caller, UUID id) {
        return visible(caller, id).query();
    }

    @Transactional(readOnly = true)
    public CursorPage<SavedFilter> list(CurrentUser caller, UUID projectId, PageRequest page) {
        ProjectAccess.ReadScope scope = access.readScope(caller);
        List<SavedFilter> rows = repository.visible(caller.userId(), scope.projectIds(), scope.wholeTenant(),
                projectId, page.after().orElse(null), page.limit() + 1);
        return CursorPage.of(rows, page.limit(), f -> PageRequest.cursorAfter(f.id()));
    }

    @Transactional
    public SavedFilter replace(CurrentUser caller, UUID id, FilterForm form, long expected) {
        SavedFilter current = owned(caller, id);
        Versions.require("filter", expected, current.version());
        check(caller, form);
        if (!repository.update(id, expected, form, clock.instant())) {
            throw Versions.stale("filter", repository.find(id).map(SavedFilter::version).orElse(current.version()));
        }
        return repository.find(id).orElseThrow();
    }

    @Transactional
    public void delete(CurrentUser caller, UUID id, long expected) {
        SavedFilter current = owned(caller, id);
        Versions.require("filter", expected, current.version());
        if (!repository.delete(id, expected)) {
            throw Versions.stale("filter", repository.find(id).map(SavedFilter::version).orElse(current.version()));
        }
    }

    private void check(CurrentUser caller, FilterForm form) {
        if (form.isShared() && form.projectId() == null) {
            throw new ValidationProblem(List.of(new Problems.FieldError("projectId",
                    "a filter is shared within a project: give its projectId to share it")));
        }
        if (form.projectId() != null) {
            access.require(caller, form.projectId(), ProjectAction.READ);
        }
        // a filter that would fail when run is refused when saved: syntax, fields, values, project keys
        new FilterTranslator(caller.userId(), clock.instant(), projectKeys::idOf)
                .translate(FilterQueryParser.parse(form.query()));
    }

    private SavedFilter visible(CurrentUser caller, UUID id) {
        SavedFilter filter = repository.find(id).orElseThrow(() -> notFound(id));
        if (filter.ownerId().equals(caller.userId())) {
            return filter;
        }
        if (filter.shared() && access.allows(caller, filter.projectId(), ProjectAction.READ)) {
            return filter;
        }
        throw notFound(id);
    }

    private SavedFilter owned(CurrentUser caller, UUID id) {
        SavedFilter filter = visible(caller, id);
        if (!filter.ownerId().equals(caller.userId())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not your filter",
                    "Only the owner of a shared filter changes or deletes it; save a copy of your own instead.");
        }
        return filter;
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Filter not found",
                "No saved filter " + id + " that you can see.");
    }
}
