package dev.gantry.search.filterlang;

import java.util.List;
import java.util.Optional;

/**
 * A parsed saved-filter query: an optional condition and the ORDER BY keys. Built by {@link FilterQueryParser},
 * translated to Elasticsearch by {@link FilterTranslator}.
 */
public record FilterQuery(Optional<Condition> where, List<SortKey> orderBy) {

    public FilterQuery {
        orderBy = List.copyOf(orderBy);
    }

    /** Where in the query text something is, for error messages: 1-based line, 1-based column. */
    public record Position(int line, int column) {
    }

    /** A condition of the WHERE part. */
    public sealed interface Condition permits And, Or, Not, Compare, In, Empty {
    }

    public record And(Condition left, Condition right) implements Condition {
    }

    public record Or(Condition left, Condition right) implements Condition {
    }

    public record Not(Condition condition) implements Condition {
    }

    /** {@code field op value}, e.g. {@code due < 7d}. */
    public record Compare(Field field, Operator operator, Value value) implements Condition {
    }

    /** {@code field [not] in (a, b)}. */
    public record In(Field field, boolean negated, List<Value> values) implements Condition {

        public In {
            values = List.copyOf(values);
        }
    }

    /** {@code field is [not] empty}. */
    public record Empty(Field field, boolean negated) implements Condition {
    }

    public record SortKey(Field field, boolean descending) {
    }

    public enum Operator {
        EQ("="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">="), CONTAINS("~");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Operator of(String symbol) {
            for (Operator op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** A value as written; {@code kind} says how it was written (a quoted string is never a keyword like me). */
    public record Value(Kind kind, String text, Position position) {

        public enum Kind {
            STRING, WORD, NUMBER, DATE, RELATIVE
        }
    }
}
