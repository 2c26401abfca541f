package dev.gantry.project.projects;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;

/**
 * The filters and order of a project list: {@code status}, {@code member} (a user id), {@code q} (text in key, name
 * or description) and {@code sort} (createdAt, name, key, targetDate; a leading '-' for descending).
 */
record ProjectQuery(String status, UUID member, String q, String sortColumn, boolean descending) {

    /** Sort keys clients may use, to the column each means; anything else is a 400, never SQL. */
    static final Map<String, String> SORTS = Map.of("createdAt", "id", "name", "name", "key", "key",
            "targetDate", "target_date");

    static ProjectQuery of(String status, UUID member, String q, String sort) {
        if (status != null && !List.of(Project.ACTIVE, Project.ARCHIVED).contains(status)) {
            throw invalid("status", "must be ACTIVE or ARCHIVED");
        }
        if (q != null && q.length() > 100) {
            throw invalid("q", "must be at most 100 characters");
        }
        String key = sort == null || sort.isBlank() ? "createdAt" : sort.strip();
        boolean descending = key.startsWith("-");
        String column = SORTS.get(descending ? key.substring(1) : key);
        if (column == null) {
            throw invalid("sort", "must be one of " + String.join(", ", SORTS.keySet()) + ", optionally with a leading -");
        }
        return new ProjectQuery(status, member, q == null || q.isBlank() ? null : q.strip(), column, descending);
    }

    private static ValidationProblem invalid(String field, String message) {
        return new ValidationProblem(List.of(new Problems.FieldError(field, message)));
    }
}
