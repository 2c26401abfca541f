package dev.gantry.search.rebuild;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.Ids;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.search.indexing.DeletedProjects;
import dev.gantry.search.indexing.RebuildTarget;
import dev.gantry.search.indexing.SearchDocument;
import dev.gantry.search.indexing.SearchIndex;

/**
 * Rebuilds of the search index from the source services, while live events keep flowing: a new concrete index is
 * created and registered as a rebuild target (from then on every live write goes to it too), filled from the
 * exports with external versions (so whether the export or a live event arrives first does not matter: the higher
 * aggregate version wins), then the alias is switched to it in one atomic step. Searches use the old index until the
 * switch. One rebuild at a time; only a platform admin (a token without tenant, role {@value #ADMIN_ROLE}) may start
 * one.
 */
@Service
public class Rebuilds implements DisposableBean {

    public static final String ADMIN_ROLE = "PLATFORM_ADMIN";
    private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);

    private final RebuildRepository repository;
    private final SearchIndex index;
    private final ExportClient exports;
    private final DeletedProjects deletedProjects;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofVirtual()
            .name("search-rebuild").factory());

    Rebuilds(RebuildRepository repository, SearchIndex index, ExportClient exports, DeletedProjects deletedProjects,
            TransactionTemplate transactions, Clock clock) {
        this.repository = repository;
        this.index = index;
        this.exports = exports;
        this.deletedProjects = deletedProjects;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Starts a rebuild in the background; 409 while another one runs. */
    public IndexRebuild start(CurrentUser caller) {
        requireAdmin(caller);
        transactions.executeWithoutResult(status -> repository.abandonStale(clock.instant()));
        String target = index.createIndex();
        UUID id = Ids.newId();
        try {
            transactions.executeWithoutResult(status -> repository.insert(id, target, caller.subject(),
                    clock.instant()));
        } catch (DuplicateKeyException e) {
            index.deleteIndex(target);
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("rebuild-running"), "Rebuild running",
                    "Another rebuild of the search index is running; wait for it to finish.");
        }
        log.info("Search index rebuild {} started by {} into {}", id, caller.subject(), target);
        runner.execute(() -> run(id, target));
        return get(caller, id);
    }

    public IndexRebuild get(CurrentUser caller, UUID id) {
        requireAdmin(caller);
        return transactions.execute(status -> repository.find(id)).orElseThrow(() -> new ProblemException(
                HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Rebuild not found", "No rebuild " + id + "."));
    }

    private void run(UUID id, String target) {
        AtomicLong documents = new AtomicLong();
        try {
            // until every instance has seen the rebuild, a live write might miss the new index: read after that
            Thread.sleep(RebuildTarget.SETTLE.toMillis());
            for (UUID tenant : exports.tenants()) {
                exports.projects(tenant, page -> write(id, target, tenant, documents, page.stream()
                        .map(p -> SearchIndex.Write.at(SearchDocument.project(tenant, p, clock.instant()),
                                p.aggregateVersion())).toList()));
                exports.tasks(tenant, page -> write(id, target, tenant, documents, page.stream()
                        .map(t -> SearchIndex.Write.at(SearchDocument.task(tenant, t.task()), t.aggregateVersion()))
                        .toList()));
                exports.comments(tenant, page -> write(id, target, tenant, documents, page.stream()
                        .map(c -> SearchIndex.Write.at(SearchDocument.comment(tenant, c.comment()),
                                c.aggregateVersion())).toList()));
            }
            // searchable in full from the first search after the switch, not only after the next periodic refresh
            index.refresh(target);
            String previous = index.currentIndex();
            index.switchAlias(previous, target);
            transactions.executeWithoutResult(status -> repository.finish(id, IndexRebuild.COMPLETED, previous,
                    documents.get(), null, clock.instant()));
            log.info("Search index rebuild {} completed: {} documents in {}", id, documents.get(), target);
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.error("Search index rebuild {} failed; the alias stays where it was", id, e);
            transactions.executeWithoutResult(status -> repository.finish(id, IndexRebuild.FAILED, null,
                    documents.get(), e.toString(), clock.instant()));
            index.deleteIndex(target);
        }
    }

    /**
     * Writes one export page into the new index; things of projects the projection knows as deleted go in as
     * tombstones, as the live indexer writes them.
     */
    private void write(UUID id, String target, UUID tenant, AtomicLong documents, List<SearchIndex.Write> writes) {
        Set<UUID> deleted = TenantContext.callAs(tenant, "search-service", () -> transactions.execute(status -> {
            Set<UUID> gone = new java.util.HashSet<>();
            writes.stream().map(w -> w.document().projectId()).distinct().filter(deletedProjects::contains)
                    .forEach(gone::add);
            return gone;
        }));
        List<SearchIndex.Write> checked = new ArrayList<>(writes.size());
        Function<SearchIndex.Write, SearchIndex.Write> tombstoned = w -> SearchIndex.Write.at(
                w.document().asTombstone(clock.instant()), w.version());
        writes.forEach(w -> checked.add(deleted.contains(w.document().projectId()) ? tombstoned.apply(w) : w));
        index.writeTo(target, checked);
        documents.addAndGet(checked.size());
        transactions.executeWithoutResult(status -> repository.progress(id, documents.get()));
    }

    private static void requireAdmin(CurrentUser caller) {
        if (caller.tenantId().isPresent() || !caller.hasRole(ADMIN_ROLE)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Platform admins only",
                    "Rebuilding the search index needs a platform admin token (no tenant, role " + ADMIN_ROLE + ").");
        }
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }
}
