package dev.gantry.task.task;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;

/**
 * The order of a task list and its keyset cursor: the sort value and id of the last row shown, so the next page is
 * {@code (sortValue, id) > (cursor)} on an index instead of an OFFSET that rescans what was already shown.
 */
enum TaskSort {
    CREATED("createdAt", "t.id", null),
    KEY("key", "t.number", "bigint"),
    DUE_DATE("dueDate", "coalesce(t.due_date, date '9999-12-31')", "date"),
    UPDATED("updatedAt", "t.updated_at", "timestamptz"),
    PRIORITY("priority", "t.priority_order", "smallint");

    final String param;
    final String expression;
    final String sqlType;

    TaskSort(String param, String expression, String sqlType) {
        this.param = param;
        this.expression = expression;
        this.sqlType = sqlType;
    }

    /** A sort and direction from {@code ?sort=dueDate} or {@code ?sort=-dueDate} (descending). */
    record Order(TaskSort sort, boolean descending) {

        static Order parse(String text) {
            if (text == null || text.isBlank()) {
                return new Order(CREATED, false);
            }
            boolean descending = text.startsWith("-");
            String name = descending ? text.substring(1) : text;
            for (TaskSort sort : values()) {
                if (sort.param.equals(name)) {
                    return new Order(sort, descending);
                }
            }
            throw new ValidationProblem(List.of(new Problems.FieldError("sort", "must be one of createdAt, key, "
                    + "dueDate, updatedAt, priority, optionally with a leading - for descending")));
        }

        String token() {
            return (descending ? "-" : "") + sort.param;
        }
    }

    /** The position after a row: sort token, the row's sort value as text, and its id. */
    record Cursor(String token, String value, UUID id) {

        String encode() {
            String raw = token + "\n" + (value == null ? "" : value) + "\n" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor, Order order) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                        .split("\n", -1);
                if (parts.length != 3 || !parts[0].equals(order.token())) {
                    throw new IllegalArgumentException("cursor of another order");
                }
                return new Cursor(parts[0], parts[1], UUID.fromString(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new ValidationProblem(List.of(new Problems.FieldError("cursor",
                        "is not a cursor this list returned with the same sort")));
            }
        }
    }
}
