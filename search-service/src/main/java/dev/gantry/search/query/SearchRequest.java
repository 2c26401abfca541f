package dev.gantry.search.query;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.search.indexing.SearchDocument;

/**
 * The checked parameters of {@code GET /api/v1/search}. Assignees may be {@code me}; absent lists filter nothing.
 *
 * @param q        free text (CJK runs match as phrases)
 * @param query    a saved-filter query ({@code assignee = me AND due < 7d ORDER BY priority DESC})
 * @param filterId a saved filter to apply as well
 */
public record SearchRequest(String q, String query, Optional<UUID> filterId, List<String> types,
        List<UUID> projectIds, List<String> statuses, List<String> assignees, List<String> labels,
        Optional<LocalDate> updatedFrom, Optional<LocalDate> updatedTo, Optional<LocalDate> dueFrom,
        Optional<LocalDate> dueTo, int limit, String cursor) {

    public static final int MAX_TEXT = 200;
    public static final int MAX_QUERY = 2000;
    public static final int MAX_VALUES = 20;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    /** Checks raw parameters; every problem found is reported at once as a 400 with {@code errors[]}. */
    public static SearchRequest of(String q, String query, String filterId, List<String> types,
            List<String> projectIds, List<String> statuses, List<String> assignees, List<String> labels,
            String updatedFrom, String updatedTo, String dueFrom, String dueTo, Integer limit, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        if (q != null && q.length() > MAX_TEXT) {
            errors.add(new FieldError("q", "must be at most " + MAX_TEXT + " characters"));
        }
        if (query != null && query.length() > MAX_QUERY) {
            errors.add(new FieldError("query", "must be at most " + MAX_QUERY + " characters"));
        }
        Optional<UUID> filter = Optional.ofNullable(filterId).filter(f -> !f.isBlank()).map(f -> uuid("filterId", f,
                errors));
        List<String> typeList = values("type", types, errors).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        typeList.stream().filter(t -> !SearchDocument.TYPES.contains(t)).findFirst().ifPresent(t -> errors.add(
                new FieldError("type", "must be one of " + SearchDocument.TYPES)));
        List<UUID> projects = values("projectId", projectIds, errors).stream()
                .map(p -> uuid("projectId", p, errors)).toList();
        List<String> assigneeList = values("assignee", assignees, errors);
        assigneeList.stream().filter(a -> !a.equalsIgnoreCase("me")).forEach(a -> uuid("assignee", a, errors));
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        SearchRequest request = new SearchRequest(blankToNull(q), blankToNull(query), filter, typeList,
                projects.stream().filter(p -> p != null).toList(), values("status", statuses, errors),
                assigneeList, values("label", labels, errors), date("updatedFrom", updatedFrom, errors),
                date("updatedTo", updatedTo, errors), date("dueFrom", dueFrom, errors), date("dueTo", dueTo, errors),
                size, blankToNull(cursor));
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors);
        }
        return request;
    }

    /** The assignee ids with {@code me} resolved to the caller. */
    public List<UUID> assigneeIds(UUID me) {
        return assignees.stream().map(a -> a.equalsIgnoreCase("me") ? me : UUID.fromString(a)).distinct().toList();
    }

    /** What defines the result set, without paging: a cursor only continues a search with the same fingerprint. */
    public String fingerprint() {
        return String.join("\u0000", String.valueOf(q), String.valueOf(query), String.valueOf(filterId),
                types.toString(), projectIds.toString(), statuses.toString(), assignees.toString(), labels.toString(),
                String.valueOf(updatedFrom), String.valueOf(updatedTo), String.valueOf(dueFrom), String.valueOf(dueTo));
    }

    private static List<String> values(String name, List<String> values, List<FieldError> errors) {
        if (values == null) {
            return List.of();
        }
        List<String> cleaned = values.stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
        if (cleaned.size() > MAX_VALUES) {
            errors.add(new FieldError(name, "at most " + MAX_VALUES + " values"));
        }
        if (cleaned.stream().anyMatch(v -> v.length() > 100)) {
            errors.add(new FieldError(name, "values must be at most 100 characters"));
        }
        return cleaned;
    }

    private static UUID uuid(String name, String value, List<FieldError> errors) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, "'" + abbreviate(value) + "' is not an id"));
            return null;
        }
    }

    private static Optional<LocalDate> date(String name, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be a date like 2026-12-01"));
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
