package dev.gantry.search.text;

import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;

/**
 * Full-text matching over the index's text fields, built from {@link QueryText}: every CJK run or quoted part must
 * occur as a phrase in one of the fields, and every other word as a term in one of them.
 */
public final class TextQueries {

    private TextQueries() {
    }

    /** A query every part of the text must match (in any of {@code fields}); match-all for blank text. */
    public static Query matching(String text, List<String> fields) {
        QueryText parts = QueryText.parse(text);
        if (parts.isEmpty()) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        List<Query> all = new ArrayList<>();
        for (String phrase : parts.phrases()) {
            all.add(Query.of(q -> q.multiMatch(m -> m.query(phrase).fields(fields).type(TextQueryType.Phrase))));
        }
        if (!parts.terms().isEmpty()) {
            String terms = String.join(" ", parts.terms());
            all.add(Query.of(q -> q.multiMatch(m -> m.query(terms).fields(fields).type(TextQueryType.CrossFields)
                    .operator(Operator.And))));
        }
        return Query.of(q -> q.bool(b -> b.must(all)));
    }
}
