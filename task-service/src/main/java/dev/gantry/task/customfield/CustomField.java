package dev.gantry.task.customfield;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A typed custom field of a project, and the rule for its values. Plain Java.
 *
 * @param options the choices of a select field; empty for other types
 */
public record CustomField(String key, String name, Type type, List<String> options) {

    /** What a custom field holds. */
    public enum Type {
        TEXT, NUMBER, DATE, SINGLE_SELECT, MULTI_SELECT, USER
    }

    static final int MAX_TEXT = 2000;

    public CustomField {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /**
     * The value as stored (string, number, ISO date string, list of strings, user id string), or the problem with it.
     * Null clears the field.
     */
    public Result normalize(Object value) {
        if (value == null) {
            return new Result(null, null);
        }
        return switch (type) {
            case TEXT -> value instanceof String text && text.length() <= MAX_TEXT ? ok(text)
                    : problem("must be text of at most " + MAX_TEXT + " characters");
            case NUMBER -> number(value).map(CustomField::ok).orElseGet(() -> problem("must be a number"));
            case DATE -> date(value).map(d -> ok(d.toString())).orElseGet(() -> problem("must be a date yyyy-MM-dd"));
            case SINGLE_SELECT -> value instanceof String choice && options.contains(choice) ? ok(choice)
                    : problem("must be one of " + options);
            case MULTI_SELECT -> multi(value);
            case USER -> value instanceof String id && uuid(id).isPresent() ? ok(id) : problem("must be a user id");
        };
    }

    /** A checked value, or why it was refused. */
    public record Result(Object value, String problem) {
    }

    private Result multi(Object value) {
        if (!(value instanceof Collection<?> choices) || choices.size() > options.size()) {
            return problem("must be a list of " + options);
        }
        for (Object choice : choices) {
            if (!(choice instanceof String text) || !options.contains(text)) {
                return problem("must be a list of " + options);
            }
        }
        return ok(choices.stream().map(Object::toString).distinct().toList());
    }

    static Optional<BigDecimal> number(Object value) {
        if (value instanceof Number number) {
            return Optional.of(new BigDecimal(number.toString()));
        }
        if (value instanceof String text) {
            try {
                return Optional.of(new BigDecimal(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Optional<LocalDate> date(Object value) {
        if (value instanceof String text) {
            try {
                return Optional.of(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Result ok(Object value) {
        return new Result(value, null);
    }

    private static Result problem(String problem) {
        return new Result(null, problem);
    }
}
