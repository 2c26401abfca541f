package dev.gantry.common.web;

import java.util.List;
import java.util.function.Function;

/** One page of a list answer: {@code {"items": [...], "nextCursor": ...}}; no next cursor on the last page. */
public record CursorPage<T>(List<T> items, String nextCursor) {

    /**
     * Builds the page from a query that fetched up to {@code limit + 1} rows: the extra row only tells that there is
     * a next page, whose cursor is made from the last row shown.
     */
    public static <T> CursorPage<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new CursorPage<>(List.copyOf(fetched), null);
        }
        List<T> shown = List.copyOf(fetched.subList(0, limit));
        return new CursorPage<>(shown, cursorOf.apply(shown.getLast()));
    }
}
