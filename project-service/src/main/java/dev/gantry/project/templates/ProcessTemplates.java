package dev.gantry.project.templates;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;
import dev.gantry.project.duties.Duties;

/**
 * A tenant's process templates: the built-ins (created for the tenant the first time it looks), its own ones, their
 * versions and clones. Tenant OWNER/ADMIN write them; everyone in the tenant reads them. A version never changes once
 * written, so a running release keeps the version it started from.
 */
@Service
public class ProcessTemplates {

    public static final java.net.URI INVALID_TEMPLATE = Problems.type("invalid-template");

    private final TemplateRepository repository;
    private final Duties duties;
    private final Clock clock;

    ProcessTemplates(TemplateRepository repository, Duties duties, Clock clock) {
        this.repository = repository;
        this.duties = duties;
        this.clock = clock;
    }

    @Transactional
    public CursorPage<ProcessTemplate> list(CurrentUser caller, PageRequest page) {
        UUID tenantId = tenantOf(caller);
        ensureBuiltIns(tenantId);
        return CursorPage.of(repository.page(tenantId, page), page.limit(), t -> PageRequest.cursorAfter(t.id()));
    }

    /** The template at {@code version} (its latest when null); 404 when the tenant has no such template or version. */
    @Transactional
    public ProcessTemplate get(CurrentUser caller, UUID id, Integer version) {
        UUID tenantId = tenantOf(caller);
        ensureBuiltIns(tenantId);
        return find(tenantId, id, version);
    }

    /** For starting a release: the tenant's template at a version, no permission check of its own. */
    @Transactional(readOnly = true)
    public ProcessTemplate find(UUID tenantId, UUID id, Integer version) {
        return repository.find(tenantId, id, version).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                Problems.NOT_FOUND, "Template not found", version == null
                        ? "No process template " + id + " in your organisation."
                        : "No version " + version + " of process template " + id + " in your organisation."));
    }

    @Transactional
    public ProcessTemplate create(CurrentUser caller, NewTemplate request) {
        UUID tenantId = requireAdmin(caller);
        validate(tenantId, request.definition());
        UUID id = Ids.newId();
        if (!repository.insert(tenantId, id, request.name().strip(), request.description(), null,
                request.definition(), caller.subject(), now())) {
            throw nameTaken(request.name());
        }
        return find(tenantId, id, null);
    }

    /** Writes the template's next version; running releases keep theirs. */
    @Transactional
    public ProcessTemplate update(CurrentUser caller, UUID id, NewTemplate request, long expectedVersion) {
        UUID tenantId = requireAdmin(caller);
        ProcessTemplate current = find(tenantId, id, null);
        Versions.require("process template", expectedVersion, current.latestVersion());
        if (current.builtIn() != null) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("built-in-template"),
                    "Built-in templates do not change", "Clone the built-in template and change the clone.");
        }
        validate(tenantId, request.definition());
        if (repository.nameTaken(tenantId, request.name().strip(), id)) {
            throw nameTaken(request.name());
        }
        if (!repository.addVersion(tenantId, id, current.latestVersion(), request.name().strip(),
                request.description(), request.definition(), caller.subject(), now())) {
            throw Versions.stale("process template", current.latestVersion() + 1L);
        }
        return find(tenantId, id, null);
    }

    /** A new template of the tenant's own, version 1, with the definition of {@code id} at {@code version}. */
    @Transactional
    public ProcessTemplate cloneOf(CurrentUser caller, UUID id, Integer version, String name) {
        UUID tenantId = requireAdmin(caller);
        ensureBuiltIns(tenantId);
        ProcessTemplate source = find(tenantId, id, version);
        UUID cloneId = Ids.newId();
        if (!repository.insert(tenantId, cloneId, name.strip(), source.description(), null, source.definition(),
                caller.subject(), now())) {
            throw nameTaken(name);
        }
        return find(tenantId, cloneId, null);
    }

    /** Fails with a 422 naming every problem of the definition. */
    public void validate(UUID tenantId, TemplateDefinition definition) {
        Set<String> known = duties.known(tenantId);
        List<Problems.FieldError> errors = TemplateValidator.validate(definition, known);
        if (!errors.isEmpty()) {
            ProblemException problem = new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_TEMPLATE,
                    "Invalid process template", errors.size() == 1 ? "1 problem in the template."
                            : errors.size() + " problems in the template.");
            problem.getBody().setProperty("errors", errors);
            throw problem;
        }
    }

    private void ensureBuiltIns(UUID tenantId) {
        if (repository.builtInCount(tenantId) == BuiltInTemplates.ALL.size()) {
            return;
        }
        Instant now = now();
        for (BuiltInTemplates.BuiltIn builtIn : BuiltInTemplates.ALL) {
            // Ids derived from the tenant and the built-in keep them the same when two requests race to create them.
            UUID id = UUID.nameUUIDFromBytes((tenantId + "/" + builtIn.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            repository.insert(tenantId, id, builtIn.name(), builtIn.description(), builtIn.id(),
                    builtIn.definition(), "system", now);
        }
    }

    private static UUID tenantOf(CurrentUser caller) {
        return caller.tenantId().orElseThrow(() -> new AccessDeniedException("The token names no tenant"));
    }

    private static UUID requireAdmin(CurrentUser caller) {
        UUID tenantId = tenantOf(caller);
        if (!(caller.hasRole("OWNER") || caller.hasRole("ADMIN"))) {
            throw new AccessDeniedException("Only the organisation's owners and admins manage process templates");
        }
        return tenantId;
    }

    private static ProblemException nameTaken(String name) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.type("template-name-taken"), "Template name taken",
                "Your organisation already has a process template named " + name + ".");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
