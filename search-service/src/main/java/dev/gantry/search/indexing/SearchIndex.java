package dev.gantry.search.indexing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one search index of all tenants, behind an alias (so it can be rebuilt and switched), written with external
 * versions: a document only ever moves to a higher aggregate version, so a late or redelivered event changes nothing.
 */
@Component
public class SearchIndex {

    private final ElasticsearchClient client;
    private final String alias;
    private volatile boolean ready;

    SearchIndex(ElasticsearchClient client, @Value("${gantry.search.index-alias}") String alias) {
        this.client = client;
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    /** Writes a document at a version; false when the index already holds that version or a newer one. */
    public boolean put(String id, SearchDocument document, long version) {
        ensureIndex();
        try {
            client.index(i -> i.index(alias).id(id).routing(document.tenantId().toString())
                    .version(version).versionType(VersionType.External).document(document));
            return true;
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch did not take document " + id, e);
        }
    }

    /** A document and its version, as the index holds it now. */
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
                    String index = alias + "-v1";
                    client.indices().create(c -> c.index(index)
                            .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                            .aliases(alias, a -> a.isWriteIndex(true))
                            .mappings(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict)
                                    .properties("type", p -> p.keyword(k -> k))
                                    .properties("tenantId", p -> p.keyword(k -> k))
                                    .properties("projectId", p -> p.keyword(k -> k))
                                    .properties("key", p -> p.keyword(k -> k))
                                    .properties("title", p -> p.text(t -> t.fields("keyword",
                                            f -> f.keyword(k -> k.ignoreAbove(256)))))
                                    .properties("text", p -> p.text(t -> t))
                                    .properties("status", p -> p.keyword(k -> k))
                                    .properties("memberIds", p -> p.keyword(k -> k))
                                    .properties("updatedAt", p -> p.date(d -> d))));
                }
                ready = true;
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
                ready = true;
            } catch (IOException e) {
                throw new UncheckedIOException("Elasticsearch is not reachable", e);
            }
        }
    }
}
