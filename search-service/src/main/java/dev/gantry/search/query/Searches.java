package dev.gantry.search.query;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.util.NamedValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.Time;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest.Builder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.search.filterlang.FilterQuery;
import dev.gantry.search.filterlang.FilterQueryParser;
import dev.gantry.search.filterlang.FilterTranslator;
import dev.gantry.search.filterlang.ProjectKeys;
import dev.gantry.search.filters.SavedFilters;
import dev.gantry.search.indexing.SearchDocument;
import dev.gantry.search.indexing.SearchIndex;
import dev.gantry.search.text.TextQueries;

/**
 * Permission-aware search over the index: free text, filters, a saved-filter query, highlights, facets, and paging
 * with {@code search_after} in a point in time. What the caller may read is part of the Elasticsearch query
 * ({@link SearchScope}), routed to the caller's tenant.
 */
@Service
public class Searches {

    static final String KEEP_ALIVE = "2m";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Searches.class);
    static final Map<String, String> FACETS = Map.of("type", "type", "project", "projectId", "status", "status",
            "assignee", "assigneeId");
    public static final int MAX_SUGGESTIONS = 20;

    private final ElasticsearchClient client;
    private final SearchIndex index;
    private final ProjectAccess access;
    private final ProjectKeys projectKeys;
    private final SavedFilters savedFilters;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Searches(ElasticsearchClient client, SearchIndex index, ProjectAccess access, ProjectKeys projectKeys,
            SavedFilters savedFilters, TransactionTemplate transactions, Clock clock) {
        this.client = client;
        this.index = index;
        this.access = access;
        this.projectKeys = projectKeys;
        this.savedFilters = savedFilters;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What the caller's search needs from the database, read in one tenant transaction. */
    private record Prepared(SearchScope scope, List<Query> filters, List<SortOptions> sort) {
    }

    public SearchResults search(CurrentUser caller, SearchRequest request) {
        Prepared prepared = transactions.execute(status -> prepare(caller, request));
        boolean firstPage = request.cursor() == null;
        Cursor cursor = firstPage ? null : Cursor.decode(request.cursor(), request.fingerprint());
        String pit = firstPage ? openPointInTime(prepared.scope()) : cursor.pit();
        Query text = TextQueries.matching(request.q(), List.of("title", "text"));
        Query query = Query.of(q -> q.bool(b -> {
            b.filter(prepared.scope().filters()).filter(prepared.filters());
            if (request.q() != null) {
                // a task key typed as it is (PAY-12) finds the task even though its text does not contain it
                b.should(text).should(s -> s.term(t -> t.field("key").value(request.q()).boost(10f)))
                        .minimumShouldMatch("1");
            }
            return b;
        }));
        List<SortOptions> sort = new ArrayList<>(prepared.sort());
        sort.add(SortOptions.of(s -> s.score(o -> o.order(SortOrder.Desc))));
        sort.add(SortOptions.of(s -> s.field(f -> f.field("updatedAt").order(SortOrder.Desc).missing("_last"))));
        SearchResponse<SearchDocument> response = run(b -> {
            b.pit(p -> p.id(pit).keepAlive(Time.of(t -> t.time(KEEP_ALIVE)))).query(query).sort(sort)
                    .size(request.limit() + 1).trackScores(true)
                    .highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                            .fields(NamedValue.of("title", HighlightField.of(f -> f.numberOfFragments(0))))
                            .fields(NamedValue.of("text", HighlightField.of(f -> f.fragmentSize(150)
                                    .numberOfFragments(3)))));
            if (firstPage) {
                FACETS.forEach((name, field) -> b.aggregations(name, Aggregation.of(a -> a.terms(t -> t.field(field)
                        .size(20)))));
            } else {
                b.searchAfter(cursor.searchAfter());
            }
            return b;
        });
        String nextPit = response.pitId() == null ? pit : response.pitId();
        var hits = response.hits().hits();
        List<SearchResults.Hit> items = hits.stream().limit(request.limit()).map(Searches::hit).toList();
        String next = null;
        if (hits.size() > request.limit()) {
            next = Cursor.of(nextPit, hits.get(request.limit() - 1).sort(), request.fingerprint()).encode();
        } else {
            closePointInTime(nextPit);
        }
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        return new SearchResults(items, next, total, firstPage ? facets(response) : Map.of());
    }

    /** Suggestions while typing: tasks and projects whose key starts with the prefix or whose title does. */
    public List<SearchResults.Suggestion> suggest(CurrentUser caller, String prefix, int limit) {
        SearchScope scope = transactions.execute(status -> scope(caller));
        String folded = prefix.strip().toLowerCase(Locale.ROOT);
        SearchResponse<SearchDocument> response = run(b -> b.index(index.alias()).routing(scope.routing())
                .size(limit)
                .source(s -> s.filter(f -> f.includes("type", "tenantId", "projectId", "taskId", "key", "title",
                        "labels", "deleted")))
                .query(q -> q.bool(bool -> bool
                        .filter(scope.filters())
                        .filter(f -> f.terms(t -> t.field("type").terms(v -> v.value(List.of(
                                FieldValue.of(SearchDocument.TASK), FieldValue.of(SearchDocument.PROJECT))))))
                        .should(s -> s.prefix(p -> p.field("key").value(folded).boost(5f)))
                        .should(s -> s.prefix(p -> p.field("title.folded").value(folded).boost(2f)))
                        .should(s -> s.matchPhrasePrefix(p -> p.field("title").query(prefix.strip())))
                        .minimumShouldMatch("1")))
                .sort(s -> s.score(o -> o.order(SortOrder.Desc)))
                .sort(s -> s.field(f -> f.field("updatedAt").order(SortOrder.Desc).missing("_last"))));
        return response.hits().hits().stream().map(hit -> {
            SearchDocument d = hit.source();
            UUID id = SearchDocument.TASK.equals(d.type()) ? d.taskId() : d.projectId();
            return new SearchResults.Suggestion(d.type(), id, d.projectId(), d.key(), d.title());
        }).toList();
    }

    private Prepared prepare(CurrentUser caller, SearchRequest request) {
        SearchScope scope = scope(caller);
        List<Query> filters = new ArrayList<>(filters(caller, request));
        List<SortOptions> sort = new ArrayList<>();
        List<String> queries = new ArrayList<>();
        request.filterId().ifPresent(id -> queries.add(savedFilters.queryFor(caller, id)));
        if (request.query() != null) {
            queries.add(request.query());
        }
        FilterTranslator translator = new FilterTranslator(caller.userId(), clock.instant(), projectKeys::idOf);
        for (String text : queries) {
            FilterQuery parsed = FilterQueryParser.parse(text);
            FilterTranslator.Translation translation = translator.translate(parsed);
            filters.add(translation.query());
            if (sort.isEmpty()) {
                sort.addAll(translation.sort());
            }
        }
        return new Prepared(scope, filters, sort);
    }

    private SearchScope scope(CurrentUser caller) {
        ProjectAccess.ReadScope readScope = access.readScope(caller);
        return new SearchScope(caller.tenantId().orElseThrow(), readScope);
    }

    private static List<Query> filters(CurrentUser caller, SearchRequest request) {
        List<Query> filters = new ArrayList<>();
        terms(filters, "type", request.types());
        terms(filters, "projectId", request.projectIds().stream().map(UUID::toString).toList());
        terms(filters, "status", request.statuses());
        terms(filters, "assigneeId", request.assigneeIds(caller.userId()).stream().map(UUID::toString).toList());
        terms(filters, "labels", request.labels());
        if (request.updatedFrom().isPresent() || request.updatedTo().isPresent()) {
            filters.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("updatedAt").format("strict_date");
                request.updatedFrom().ifPresent(from -> d.gte(from.toString()));
                request.updatedTo().ifPresent(to -> d.lte(to.toString()));
                return d;
            }))));
        }
        if (request.dueFrom().isPresent() || request.dueTo().isPresent()) {
            filters.add(Query.of(q -> q.range(r -> r.date(d -> {
                d.field("dueDate");
                request.dueFrom().ifPresent(from -> d.gte(from.toString()));
                request.dueTo().ifPresent(to -> d.lte(to.toString()));
                return d;
            }))));
        }
        return filters;
    }

    private static void terms(List<Query> filters, String field, List<String> values) {
        if (!values.isEmpty()) {
            List<FieldValue> terms = values.stream().map(FieldValue::of).toList();
            filters.add(Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(terms)))));
        }
    }

    private static SearchResults.Hit hit(co.elastic.clients.elasticsearch.core.search.Hit<SearchDocument> hit) {
        SearchDocument d = hit.source();
        UUID id = switch (d.type()) {
            case SearchDocument.TASK -> d.taskId();
            case SearchDocument.COMMENT -> d.commentId();
            default -> d.projectId();
        };
        Map<String, List<String>> highlights = new LinkedHashMap<>(hit.highlight());
        return new SearchResults.Hit(d.type(), id, d.projectId(), d.taskId(), d.key(), d.title(), d.status(),
                d.priority(), d.assigneeId(), d.authorId(), d.labels(), d.dueDate(), d.updatedAt(), hit.score(),
                highlights);
    }

    private static Map<String, List<SearchResults.FacetCount>> facets(SearchResponse<SearchDocument> response) {
        Map<String, List<SearchResults.FacetCount>> facets = new LinkedHashMap<>();
        for (String name : List.of("type", "project", "status", "assignee")) {
            var aggregate = response.aggregations().get(name);
            List<SearchResults.FacetCount> counts = aggregate == null ? List.of() : aggregate.sterms().buckets()
                    .array().stream().map((StringTermsBucket b) -> new SearchResults.FacetCount(b.key().stringValue(),
                            b.docCount())).toList();
            facets.put(name, counts);
        }
        return facets;
    }

    private String openPointInTime(SearchScope scope) {
        try {
            return client.openPointInTime(p -> p.index(index.alias()).routing(scope.routing())
                    .keepAlive(Time.of(t -> t.time(KEEP_ALIVE)))).id();
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private void closePointInTime(String pit) {
        try {
            client.closePointInTime(c -> c.id(pit));
        } catch (IOException | ElasticsearchException e) {
            // it expires by itself after its keep-alive
        }
    }

    private SearchResponse<SearchDocument> run(
            java.util.function.Function<Builder, co.elastic.clients.util.ObjectBuilder<co.elastic.clients.elasticsearch.core.SearchRequest>> request) {
        try {
            return client.search(request, SearchDocument.class);
        } catch (ElasticsearchException e) {
            if (e.status() == 404 || String.valueOf(e.getMessage()).contains("search_context_missing")
                    || String.valueOf(e.getMessage()).contains("No search context found")) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.type("cursor-expired"), "Cursor expired",
                        "The search this cursor continues has expired (after " + KEEP_ALIVE + " without a page); "
                                + "repeat the search without a cursor.");
            }
            throw e;
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    private static ProblemException unavailable(IOException e) {
        log.warn("Elasticsearch failed a search: {}", e.toString());
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE,
                "Search unavailable", "The search index cannot be reached right now; try again shortly.");
    }
}
