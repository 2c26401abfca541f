package dev.gantry.search.query;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

import dev.gantry.common.membership.ProjectAccess.ReadScope;

/**
 * What a caller may find, as filter clauses inside the Elasticsearch query (never a filter over results): their
 * tenant's documents only, no tombstones, and, unless they are a tenant OWNER or ADMIN, only documents of projects
 * they are a member of. No readable project means a terms filter on nothing, which matches nothing.
 */
public record SearchScope(UUID tenantId, ReadScope readScope) {

    public String routing() {
        return tenantId.toString();
    }

    public List<Query> filters() {
        List<Query> filters = new ArrayList<>();
        filters.add(Query.of(q -> q.term(t -> t.field("tenantId").value(tenantId.toString()))));
        filters.add(Query.of(q -> q.term(t -> t.field("deleted").value(false))));
        if (!readScope.wholeTenant()) {
            List<FieldValue> projects = readScope.projectIds().stream().map(id -> FieldValue.of(id.toString()))
                    .toList();
            filters.add(Query.of(q -> q.terms(t -> t.field("projectId").terms(v -> v.value(projects)))));
        }
        return filters;
    }
}
