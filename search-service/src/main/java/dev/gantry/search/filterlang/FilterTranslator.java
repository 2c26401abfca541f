package dev.gantry.search.filterlang;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;

import dev.gantry.search.filterlang.FilterQuery.Condition;
import dev.gantry.search.filterlang.FilterQuery.Operator;
import dev.gantry.search.filterlang.FilterQuery.Value;
import dev.gantry.search.indexing.SearchDocument;
import dev.gantry.search.text.TextQueries;

/**
 * Translates a {@link FilterQuery} into an Elasticsearch query and sort for one caller: {@code me} is the caller,
 * relative times ({@code 7d}) count from {@code now}, and project keys are looked up among the caller tenant's
 * projects. Values that do not fit their field are {@link FilterQueryException}s with the value's position.
 *
 * @param me       the caller's user id
 * @param now      the instant relative times count from
 * @param projects a project key to its id in the caller's tenant
 */
public record FilterTranslator(UUID me, Instant now, Function<String, Optional<UUID>> projects) {

    /** The query of the condition (match-all without one) and the requested order. */
    public record Translation(Query query, List<SortOptions> sort) {
    }

    public Translation translate(FilterQuery filter) {
        Query query = filter.where().map(this::query).orElseGet(() -> Query.of(q -> q.matchAll(m -> m)));
        List<SortOptions> sort = filter.orderBy().stream().map(key -> SortOptions.of(s -> s.field(f -> f
                .field(sortField(key.field())).order(key.descending() ? SortOrder.Desc : SortOrder.Asc)
                .missing("_last")))).toList();
        return new Translation(query, sort);
    }

    private static String sortField(Field field) {
        return switch (field) {
            case PRIORITY -> "priorityRank";
            case TITLE -> "title.folded";
            default -> field.indexField();
        };
    }

    Query query(Condition condition) {
        return switch (condition) {
            case FilterQuery.And and -> Query.of(q -> q.bool(b -> b.filter(query(and.left()), query(and.right()))));
            case FilterQuery.Or or -> Query.of(q -> q.bool(b -> b.should(query(or.left()), query(or.right()))
                    .minimumShouldMatch("1")));
            case FilterQuery.Not not -> Query.of(q -> q.bool(b -> b.mustNot(query(not.condition()))));
            case FilterQuery.Compare compare -> compare(compare);
            case FilterQuery.In in -> {
                Query any = Query.of(q -> q.bool(b -> b.should(in.values().stream()
                        .map(v -> equalTo(in.field(), v)).toList()).minimumShouldMatch("1")));
                yield in.negated() ? Query.of(q -> q.bool(b -> b.mustNot(any))) : any;
            }
            case FilterQuery.Empty empty -> {
                Query exists = Query.of(q -> q.exists(e -> e.field(empty.field().indexField())));
                yield empty.negated() ? exists : Query.of(q -> q.bool(b -> b.mustNot(exists)));
            }
        };
    }

    private Query compare(FilterQuery.Compare compare) {
        Field field = compare.field();
        Value value = compare.value();
        return switch (compare.operator()) {
            case CONTAINS -> TextQueries.matching(value.text(), field == Field.TITLE ? List.of("title")
                    : List.of("title", "text"));
            case EQ -> equalTo(field, value);
            case NEQ -> Query.of(q -> q.bool(b -> b.mustNot(equalTo(field, value))));
            default -> range(field, compare.operator(), value);
        };
    }

    private Query equalTo(Field field, Value value) {
        return switch (field.kind()) {
            case DATE -> {
                Query from = range(field, Operator.GTE, value);
                Query to = range(field, Operator.LTE, value);
                yield Query.of(q -> q.bool(b -> b.filter(from, to)));
            }
            default -> term(field.indexField(), keyword(field, value));
        };
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(FieldValue.of(value))));
    }

    private String keyword(Field field, Value value) {
        String text = value.text();
        return switch (field) {
            case TYPE -> {
                String type = text.toLowerCase(Locale.ROOT);
                if (!SearchDocument.TYPES.contains(type)) {
                    throw new FilterQueryException(value.position(), "type is one of " + SearchDocument.TYPES);
                }
                yield type;
            }
            case CATEGORY -> oneOf(value, List.of("TODO", "IN_PROGRESS", "DONE"));
            case TASKTYPE -> oneOf(value, List.of("TASK", "BUG", "STORY", "EPIC"));
            case PROJECT -> project(value).toString();
            case ASSIGNEE, REPORTER, AUTHOR -> user(value).toString();
            default -> text;
        };
    }

    private static String oneOf(Value value, List<String> allowed) {
        String upper = value.text().toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw new FilterQueryException(value.position(), "'" + value.text() + "' is not one of " + allowed);
        }
        return upper;
    }

    private UUID project(Value value) {
        Optional<UUID> id = uuid(value.text());
        if (id.isPresent()) {
            return id.get();
        }
        return projects.apply(value.text().toUpperCase(Locale.ROOT)).orElseThrow(() -> new FilterQueryException(
                value.position(), "no project with key '" + value.text() + "' in your organisation"));
    }

    private UUID user(Value value) {
        if (value.kind() == Value.Kind.WORD && value.text().equalsIgnoreCase("me")) {
            return me;
        }
        return uuid(value.text()).orElseThrow(() -> new FilterQueryException(value.position(),
                "a user is 'me' or a user id, not '" + value.text() + "'"));
    }

    private Query range(Field field, Operator operator, Value value) {
        if (field.kind() == Field.Kind.PRIORITY) {
            Integer rank = SearchDocument.priorityRanks().get(value.text().toUpperCase(Locale.ROOT));
            if (rank == null) {
                throw new FilterQueryException(value.position(), "priorities compare in the order "
                        + SearchDocument.priorityOrder() + "; '" + value.text() + "' is not one of them");
            }
            return Query.of(q -> q.range(r -> r.number(n -> {
                n.field("priorityRank");
                return switch (operator) {
                    case LT -> n.lt((double) rank);
                    case LTE -> n.lte((double) rank);
                    case GT -> n.gt((double) rank);
                    default -> n.gte((double) rank);
                };
            })));
        }
        boolean dateOnly = field == Field.DUE || field == Field.START;
        Bound bound = bound(value, dateOnly);
        // a whole day [from, to): on a date field both are that day, on an instant field its first and next midnight
        return Query.of(q -> q.range(r -> r.untyped(u -> {
            u.field(field.indexField());
            return switch (operator) {
                case LT -> u.lt(bound.from());
                case LTE -> dateOnly ? u.lte(bound.from()) : u.lt(bound.to());
                case GT -> dateOnly ? u.gt(bound.from()) : u.gte(bound.to());
                default -> u.gte(bound.from());
            };
        })));
    }

    /** A date or time as the index compares it: {@code from} is the value, {@code to} the end of its day. */
    private record Bound(co.elastic.clients.json.JsonData from, co.elastic.clients.json.JsonData to) {
    }

    private Bound bound(Value value, boolean dateOnly) {
        switch (value.kind()) {
            case DATE -> {
                LocalDate day;
                try {
                    day = LocalDate.parse(value.text());
                } catch (DateTimeParseException e) {
                    throw new FilterQueryException(value.position(), "'" + value.text() + "' is not a date");
                }
                if (dateOnly) {
                    return new Bound(json(day.toString()), json(day.toString()));
                }
                Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Bound(json(start.toString()), json(start.plus(1, ChronoUnit.DAYS).toString()));
            }
            case RELATIVE -> {
                Instant at = relative(value);
                if (dateOnly) {
                    String day = LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
                    return new Bound(json(day), json(day));
                }
                // a relative time is an instant: "whole day" bounds collapse to it
                return new Bound(json(at.toString()), json(at.toString()));
            }
            default -> throw new FilterQueryException(value.position(), "a date is written 2026-12-01 or relative "
                    + "to now like 7d, -2w, 12h or 3m (months), not '" + value.text() + "'");
        }
    }

    private Instant relative(Value value) {
        String text = value.text();
        char unit = Character.toLowerCase(text.charAt(text.length() - 1));
        long amount;
        try {
            amount = Long.parseLong(text.substring(0, text.length() - 1));
        } catch (NumberFormatException e) {
            throw new FilterQueryException(value.position(), "'" + text + "' is not a relative time");
        }
        if (Math.abs(amount) > 100_000) {
            throw new FilterQueryException(value.position(), "'" + text + "' is too far from now");
        }
        return switch (unit) {
            case 'h' -> now.plus(amount, ChronoUnit.HOURS);
            case 'd' -> now.plus(amount, ChronoUnit.DAYS);
            case 'w' -> now.plus(amount * 7, ChronoUnit.DAYS);
            default -> now.atZone(ZoneOffset.UTC).plusMonths(amount).toInstant();
        };
    }

    private static co.elastic.clients.json.JsonData json(String value) {
        return co.elastic.clients.json.JsonData.of(value);
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return text.length() == 36 ? Optional.of(UUID.fromString(text)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
