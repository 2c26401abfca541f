package dev.gantry.search.filterlang;

import org.springframework.http.HttpStatus;

import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;

/** 400: a saved-filter query that does not parse or names what does not exist, with where in the text. */
public class FilterQueryException extends ProblemException {

    public static final java.net.URI TYPE = Problems.type("invalid-filter-query");

    private final int line;
    private final int column;

    public FilterQueryException(int line, int column, String message) {
        super(HttpStatus.BAD_REQUEST, TYPE, "Invalid filter query",
                "Line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
        getBody().setProperty("line", line);
        getBody().setProperty("column", column);
    }

    public FilterQueryException(FilterQuery.Position at, String message) {
        this(at.line(), at.column(), message);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
