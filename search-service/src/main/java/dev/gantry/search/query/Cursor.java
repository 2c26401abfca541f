package dev.gantry.search.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import co.elastic.clients.elasticsearch._types.FieldValue;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.web.Problems.FieldError;
import dev.gantry.common.web.ValidationProblem;

/**
 * The opaque {@code cursor} of a search: the point in time the first page opened (so later pages see the same
 * snapshot), the sort values of the last hit shown ({@code search_after}) and the fingerprint of the search it
 * continues, so that it cannot be replayed against other parameters.
 */
record Cursor(String pit, List<Object> after, String fingerprint) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Cursor of(String pit, List<FieldValue> sortValues, String fingerprint) {
        return new Cursor(pit, sortValues.stream().map(Cursor::plain).toList(), hash(fingerprint));
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(this));
    }

    static Cursor decode(String text, String fingerprint) {
        Cursor cursor;
        try {
            cursor = JSON.readValue(Base64.getUrlDecoder().decode(text), Cursor.class);
        } catch (IllegalArgumentException | JacksonException e) {
            throw invalid("is not a cursor this API returned");
        }
        if (cursor.pit() == null || cursor.after() == null || !hash(fingerprint).equals(cursor.fingerprint())) {
            throw invalid("belongs to a search with other parameters; repeat the search without a cursor");
        }
        return cursor;
    }

    List<FieldValue> searchAfter() {
        return after.stream().map(Cursor::fieldValue).toList();
    }

    private static Object plain(FieldValue value) {
        return switch (value._kind()) {
            case Long -> value.longValue();
            case Double -> value.doubleValue();
            case Boolean -> value.booleanValue();
            case String -> value.stringValue();
            case Null -> null;
            default -> value._get().toString();
        };
    }

    private static FieldValue fieldValue(Object value) {
        return switch (value) {
            case null -> FieldValue.NULL;
            case Integer i -> FieldValue.of(i.longValue());
            case Long l -> FieldValue.of(l);
            case Number n -> FieldValue.of(n.doubleValue());
            case Boolean b -> FieldValue.of(b);
            default -> FieldValue.of(value.toString());
        };
    }

    private static String hash(String fingerprint) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ValidationProblem invalid(String message) {
        return new ValidationProblem(List.of(new FieldError("cursor", message)));
    }
}
