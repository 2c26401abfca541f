package dev.gantry.common.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code ?limit=&cursor=} of a list request, checked: limit 1 to {@value #MAX_LIMIT} (default
 * {@value #DEFAULT_LIMIT}); the cursor is opaque to clients and here holds the last id of the previous page.
 */
public record PageRequest(int limit, Optional<UUID> after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static PageRequest of(Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null || cursor.isBlank() ? Optional.empty() : Optional.of(decode(cursor)));
    }

    public static String cursorAfter(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static UUID decode(String cursor) {
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw invalid("cursor", "is not a cursor this API returned");
        }
    }

    private static ValidationProblem invalid(String field, String message) {
        return new ValidationProblem(List.of(new Problems.FieldError(field, message)));
    }
}
