package dev.gantry.search.indexing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one search index of all tenants, behind an alias (so it can be rebuilt and switched), written with bulk
 * requests and external versions: a document only ever moves to a higher aggregate version, so a late or
 * redelivered event changes nothing. While a rebuild runs, every write also goes to the index being built.
 */
@Component
public class SearchIndex {

    /** The mapping's version in {@code search/index.json}; an alias on an older one is moved to a fresh index. */
    public static final int SCHEMA_VERSION = 2;
    static final String DEFINITION = "search/index.json";
    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final int CASCADE_PAGE = 500;

    private final ElasticsearchClient client;
    private final String alias;
    private final RebuildTarget rebuildTarget;
    private final Clock clock;
    private volatile boolean ready;

    SearchIndex(ElasticsearchClient client, @Value("${gantry.search.index-alias}") String alias,
            RebuildTarget rebuildTarget, Clock clock) {
        this.client = client;
        this.alias = alias;
        this.rebuildTarget = rebuildTarget;
        this.clock = clock;
    }

    /** The alias searches read, its index created on first use. */
    public String alias() {
        ensureIndex();
        return alias;
    }

    /**
     * One document write at a version. {@code orNewer} (external_gte) is for tombstones written at a document's own
     * current version, e.g. the tasks of a deleted project.
     */
    public record Write(SearchDocument document, long version, boolean orNewer) {

        public static Write at(SearchDocument document, long version) {
            return new Write(document, version, false);
        }
    }

    /** The indices live writes go to now: the alias, and the index a running rebuild builds. */
    public Set<String> writeTargets() {
        ensureIndex();
        Set<String> targets = new LinkedHashSet<>();
        targets.add(alias);
        rebuildTarget.current().ifPresent(targets::add);
        return targets;
    }

    /** Bulk-writes to one index; returns how many documents it took (the rest were at that version or newer). */
    public int writeTo(String index, List<Write> writes) {
        Map<Integer, String> refused = new java.util.TreeMap<>();
        int taken = writeTo(index, writes, refused);
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Elasticsearch refused documents in " + index + ": " + refused);
        }
        return taken;
    }

    /**
     * Writes to the alias and, while a rebuild runs, to the index being built (a stale write changes nothing);
     * reports documents Elasticsearch refused for good (by their position in {@code writes}) instead of failing;
     * a failure to reach Elasticsearch still throws.
     */
    public Map<Integer, String> writeReportingRefusals(List<Write> writes) {
        Map<Integer, String> refused = new java.util.TreeMap<>();
        for (String index : writeTargets()) {
            writeTo(index, writes, refused);
        }
        return refused;
    }

    private int writeTo(String index, List<Write> writes, Map<Integer, String> refused) {
        if (writes.isEmpty()) {
            return 0;
        }
        List<BulkOperation> operations = new ArrayList<>(writes.size());
        for (Write write : writes) {
            SearchDocument document = write.document();
            operations.add(BulkOperation.of(op -> op.index(i -> i.index(index).id(document.documentId())
                    .routing(document.tenantId().toString()).version(write.version())
                    .versionType(write.orNewer() ? VersionType.ExternalGte : VersionType.External)
                    .document(document))));
        }
        try {
            BulkResponse response = client.bulk(b -> b.operations(operations));
            int taken = 0;
            List<BulkResponseItem> items = response.items();
            for (int i = 0; i < items.size(); i++) {
                BulkResponseItem item = items.get(i);
                if (item.error() == null) {
                    taken++;
                } else if (item.status() != 409) { // 409: the index holds this version or a newer one already
                    refused.put(i, item.id() + " in " + index + ": " + item.error().type() + " "
                            + item.error().reason());
                }
            }
            return taken;
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch did not take a bulk request for " + index, e);
        }
    }

    /**
     * Tombstones every live document of a tenant matching {@code which} at its own current version (in every write
     * target): the tasks and comments of a deleted project, the comments of a deleted task. No delete-by-query in
     * this Elasticsearch, and a tombstone keeps a late event of the same version from bringing one back.
     */
    public int tombstoneAll(String tenantId, Query which, Instant at) {
        int total = 0;
        for (String index : writeTargets()) {
            // a document a concurrent, newer write kept alive is not tried again (its own event decides)
            Set<String> tried = new java.util.HashSet<>();
            while (true) {
                refresh(index);
                List<Hit<SearchDocument>> hits = search(index, tenantId, which).stream()
                        .filter(hit -> !tried.contains(hit.id())).toList();
                if (hits.isEmpty()) {
                    break;
                }
                hits.forEach(hit -> tried.add(hit.id()));
                List<Write> writes = hits.stream()
                        .map(hit -> new Write(hit.source().asTombstone(at), hit.version(), true)).toList();
                total += writeTo(index, writes);
            }
        }
        return total;
    }

    private List<Hit<SearchDocument>> search(String index, String tenantId, Query which) {
        try {
            return client.search(s -> s.index(index).routing(tenantId).size(CASCADE_PAGE).version(true)
                    .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("tenantId").value(tenantId)))
                            .filter(which)
                            .filter(f -> f.term(t -> t.field("deleted").value(false))))),
                    SearchDocument.class).hits().hits();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document and its version, as the index holds it now (tombstones included). */
    public Optional<Versioned> get(String id, String routing) {
        ensureIndex();
        try {
            var response = client.get(g -> g.index(alias).id(id).routing(routing), SearchDocument.class);
            return response.found()
                    ? Optional.of(new Versioned(response.source(), response.version() == null ? 0 : response.version()))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored document with its external version. */
    public record Versioned(SearchDocument document, long version) {
    }

    /** Makes what was written to the index searchable now. */
    public void refresh(String index) {
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a new concrete index with the current mapping, e.g. for a rebuild; returns its name. */
    public String createIndex() {
        String name = alias + "-" + SUFFIX.format(clock.instant());
        try (InputStream definition = definition()) {
            client.indices().create(c -> c.index(name).withJson(definition));
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create index " + name, e);
        }
    }

    /** The concrete index the alias points at now. */
    public String currentIndex() {
        ensureIndex();
        try {
            return client.indices().getAlias(a -> a.name(alias)).aliases().keySet().iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the alias at {@code index} in one atomic step and drops the index it pointed at before. */
    public void switchAlias(String from, String to) {
        try {
            client.indices().updateAliases(u -> u
                    .actions(a -> a.remove(r -> r.index(from).alias(alias)))
                    .actions(a -> a.add(add -> add.index(to).alias(alias).isWriteIndex(true))));
            log.info("Search alias {} now points at {} (was {})", alias, to, from);
            client.indices().delete(d -> d.index(from).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot switch alias " + alias + " to " + to, e);
        }
    }

    public void deleteIndex(String index) {
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream definition() {
        InputStream in = SearchIndex.class.getClassLoader().getResourceAsStream(DEFINITION);
        if (in == null) {
            throw new IllegalStateException(DEFINITION + " is missing from the classpath");
        }
        return in;
    }

    /**
     * Creates the first index behind the alias, or moves the alias to a fresh index when it points at an index of
     * an older mapping (documents would not fit it); a rebuild then fills the fresh one from the source services.
     */
    private void ensureIndex() {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            try {
                if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
                    String index = createIndex();
                    client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(index).alias(alias)
                            .isWriteIndex(true))));
                } else {
                    String current = client.indices().getAlias(a -> a.name(alias)).aliases().keySet().iterator()
                            .next();
                    Map<String, JsonData> meta = client.indices().getMapping(m -> m.index(current))
                            .get(current).mappings().meta();
                    int version = meta == null || !meta.containsKey("schemaVersion") ? 1
                            : meta.get("schemaVersion").to(Integer.class);
                    if (version < SCHEMA_VERSION) {
                        String fresh = createIndex();
                        client.indices().updateAliases(u -> u
                                .actions(a -> a.remove(r -> r.index(current).alias(alias)))
                                .actions(a -> a.add(add -> add.index(fresh).alias(alias).isWriteIndex(true))));
                        log.warn("Search index {} had mapping version {}; alias {} moved to the empty {}: run a "
                                + "rebuild (POST /api/v1/search/rebuilds) to fill it", current, version, alias, fresh);
                    }
                }
                ready = true;
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())
                        && !"invalid_alias_name_exception".equals(e.error().type())) {
                    throw e;
                }
                ready = true;
            } catch (IOException e) {
                throw new UncheckedIOException("Elasticsearch is not reachable", e);
            }
        }
    }
}
