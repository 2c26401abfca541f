package dev.gantry.search.filterlang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import dev.gantry.search.filterlang.FilterQuery.Condition;
import dev.gantry.search.filterlang.FilterQuery.Operator;
import dev.gantry.search.filterlang.FilterQuery.Position;
import dev.gantry.search.filterlang.FilterQuery.SortKey;
import dev.gantry.search.filterlang.FilterQuery.Value;

/**
 * Parses the saved-filter query language (grammar {@code FilterLanguage.g4}) into a {@link FilterQuery}, checking
 * field names, operators and how many values a query holds. Every error is a {@link FilterQueryException} with the
 * line and column where it is; the first error stops the parse.
 */
public final class FilterQueryParser {

    /** Longest query text accepted. */
    public static final int MAX_LENGTH = 2000;
    /** Most conditions (and values of in-lists) in one query, so that a query cannot grow without bound. */
    public static final int MAX_TERMS = 100;

    private FilterQueryParser() {
    }

    public static FilterQuery parse(String text) {
        if (text == null || text.isBlank()) {
            return new FilterQuery(Optional.empty(), List.of());
        }
        if (text.length() > MAX_LENGTH) {
            throw new FilterQueryException(1, MAX_LENGTH + 1, "the query is longer than " + MAX_LENGTH + " characters");
        }
        FilterLanguageLexer lexer = new FilterLanguageLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(FailFast.INSTANCE);
        FilterLanguageParser parser = new FilterLanguageParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(FailFast.INSTANCE);
        FilterLanguageParser.QueryContext tree;
        try {
            tree = parser.query();
        } catch (ParseCancellationException e) {
            throw (FilterQueryException) e.getCause();
        }
        Builder builder = new Builder();
        Optional<Condition> where = tree.expression() == null ? Optional.empty()
                : Optional.of(builder.visit(tree.expression()));
        List<SortKey> order = new ArrayList<>();
        if (tree.orderBy() != null) {
            for (var key : tree.orderBy().sortKey()) {
                Field field = field(key.field());
                if (!field.sortable()) {
                    throw new FilterQueryException(position(key.field().start), "results cannot be ordered by "
                            + field.displayName());
                }
                order.add(new SortKey(field, key.direction != null && key.direction.getType() == FilterLanguageLexer.DESC));
            }
        }
        return new FilterQuery(where, order);
    }

    /** Turns ANTLR's error reports into the first {@link FilterQueryException}, in words a user understands. */
    private static final class FailFast extends BaseErrorListener {
        static final FailFast INSTANCE = new FailFast();

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column, String msg,
                RecognitionException e) {
            String message;
            if (offendingSymbol instanceof Token token) {
                message = token.getType() == Token.EOF ? "the query ends too early (" + msg + ")"
                        : "unexpected '" + token.getText() + "' (" + msg + ")";
            } else {
                message = msg;
            }
            throw new ParseCancellationException(new FilterQueryException(line, column + 1, message));
        }
    }

    private static final class Builder extends FilterLanguageBaseVisitor<Condition> {
        private int terms;

        @Override
        public Condition visitNot(FilterLanguageParser.NotContext ctx) {
            return new FilterQuery.Not(visit(ctx.expression()));
        }

        @Override
        public Condition visitAnd(FilterLanguageParser.AndContext ctx) {
            return new FilterQuery.And(visit(ctx.expression(0)), visit(ctx.expression(1)));
        }

        @Override
        public Condition visitOr(FilterLanguageParser.OrContext ctx) {
            return new FilterQuery.Or(visit(ctx.expression(0)), visit(ctx.expression(1)));
        }

        @Override
        public Condition visitGroup(FilterLanguageParser.GroupContext ctx) {
            return visit(ctx.expression());
        }

        @Override
        public Condition visitCompare(FilterLanguageParser.CompareContext ctx) {
            Field field = field(ctx.field());
            Operator operator = Operator.of(ctx.operator().getText());
            if (!field.kind().operators().contains(operator)) {
                throw new FilterQueryException(position(ctx.operator().start), field.displayName()
                        + " does not take '" + operator.symbol() + "'; it takes " + symbols(field));
            }
            count(ctx.start, 1);
            return new FilterQuery.Compare(field, operator, value(ctx.value()));
        }

        @Override
        public Condition visitIn(FilterLanguageParser.InContext ctx) {
            Field field = listable(ctx.field(), "in (...)");
            count(ctx.start, ctx.value().size());
            return new FilterQuery.In(field, ctx.NOT() != null, ctx.value().stream().map(FilterQueryParser::value)
                    .toList());
        }

        @Override
        public Condition visitEmpty(FilterLanguageParser.EmptyContext ctx) {
            Field field = listable(ctx.field(), "is empty");
            count(ctx.start, 1);
            return new FilterQuery.Empty(field, ctx.NOT() != null);
        }

        private void count(Token at, int more) {
            terms += more;
            if (terms > MAX_TERMS) {
                throw new FilterQueryException(position(at), "the query has more than " + MAX_TERMS
                        + " conditions and values");
            }
        }

        private static Field listable(FilterLanguageParser.FieldContext ctx, String what) {
            Field field = field(ctx);
            if (!field.kind().listable()) {
                throw new FilterQueryException(position(ctx.start), field.displayName() + " does not take " + what
                        + "; it takes " + symbols(field));
            }
            return field;
        }
    }

    private static Field field(FilterLanguageParser.FieldContext ctx) {
        return Field.named(ctx.getText()).orElseThrow(() -> new FilterQueryException(position(ctx.start),
                "unknown field '" + ctx.getText() + "'; known fields: " + String.join(", ",
                        java.util.Arrays.stream(Field.values()).map(Field::displayName).toList())));
    }

    private static Value value(FilterLanguageParser.ValueContext ctx) {
        Token token = ctx.start;
        Position at = position(token);
        return switch (token.getType()) {
            case FilterLanguageLexer.STRING -> new Value(Value.Kind.STRING, unquote(token.getText()), at);
            case FilterLanguageLexer.NUMBER -> new Value(Value.Kind.NUMBER, token.getText(), at);
            case FilterLanguageLexer.DATE -> new Value(Value.Kind.DATE, token.getText(), at);
            case FilterLanguageLexer.RELATIVE -> new Value(Value.Kind.RELATIVE, token.getText(), at);
            default -> new Value(Value.Kind.WORD, token.getText(), at);
        };
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static String symbols(Field field) {
        List<String> symbols = new ArrayList<>(field.kind().operators().stream().map(Operator::symbol).toList());
        if (field.kind().listable()) {
            symbols.add("in (...)");
            symbols.add("is empty");
        }
        return String.join(", ", symbols);
    }

    static Position position(Token token) {
        return new Position(token.getLine(), token.getCharPositionInLine() + 1);
    }
}
