package dev.gantry.search.filterlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.gantry.search.filterlang.FilterQuery.And;
import dev.gantry.search.filterlang.FilterQuery.Compare;
import dev.gantry.search.filterlang.FilterQuery.In;
import dev.gantry.search.filterlang.FilterQuery.Not;
import dev.gantry.search.filterlang.FilterQuery.Operator;
import dev.gantry.search.filterlang.FilterQuery.Or;
import dev.gantry.search.filterlang.FilterQuery.Value;

class FilterQueryParserTest {

    @Test
    void parsesTheExampleOfTheIssue() {
        FilterQuery query = FilterQueryParser.parse(
                "assignee = me AND status in (\"In progress\", Review) AND due < 7d ORDER BY priority DESC");

        And outer = (And) query.where().orElseThrow();
        And inner = (And) outer.left();
        Compare assignee = (Compare) inner.left();
        assertThat(assignee.field()).isEqualTo(Field.ASSIGNEE);
        assertThat(assignee.value().kind()).isEqualTo(Value.Kind.WORD);
        In status = (In) inner.right();
        assertThat(status.values()).extracting(Value::text).containsExactly("In progress", "Review");
        Compare due = (Compare) outer.right();
        assertThat(due.operator()).isEqualTo(Operator.LT);
        assertThat(due.value().kind()).isEqualTo(Value.Kind.RELATIVE);
        assertThat(query.orderBy()).containsExactly(new FilterQuery.SortKey(Field.PRIORITY, true));
    }

    @Test
    void bindsNotTighterThanAndAndAndTighterThanOr() {
        Or or = (Or) FilterQueryParser.parse("NOT type = task AND key = A-1 OR label = x").where().orElseThrow();

        And and = (And) or.left();
        assertThat(and.left()).isInstanceOf(Not.class);
        assertThat(((Compare) or.right()).field()).isEqualTo(Field.LABEL);
    }

    @Test
    void acceptsKeywordsInAnyCaseChineseWordsAndEmptyQueries() {
        FilterQuery query = FilterQueryParser.parse("Status = 进行中 and LABELS is not empty order by due asc");

        assertThat(((Compare) ((And) query.where().orElseThrow()).left()).value().text()).isEqualTo("进行中");
        assertThat(query.orderBy()).containsExactly(new FilterQuery.SortKey(Field.DUE, false));
        assertThat(FilterQueryParser.parse("  ").where()).isEmpty();
        assertThat(FilterQueryParser.parse("ORDER BY updated DESC").where()).isEmpty();
        assertThat(FilterQueryParser.parse("ORDER BY title, project DESC").orderBy()).extracting(
                FilterQuery.SortKey::field).containsExactly(Field.TITLE, Field.PROJECT);
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        assertError("status = = Done", 1, 10, "unexpected '='");
        assertError("status = Done AND", 1, 18, "ends too early");
        assertError("status = Done\n  OR (type = task", 2, 18, "ends too early");
        assertError("status = Done $", 1, 15, "'$'");
        assertError("status in ()", 1, 12, "unexpected ')'");
    }

    @Test
    void reportsUnknownFieldsAndOperatorsAFieldDoesNotTake() {
        assertError("colour = red", 1, 1, "unknown field 'colour'");
        assertError("text = hello", 1, 6, "text does not take '='");
        assertError("status < Done", 1, 8, "status does not take '<'");
        assertError("title in (a, b)", 1, 1, "title does not take in (...)");
        assertError("type = task ORDER BY assignee", 1, 22, "cannot be ordered by assignee");
    }

    @Test
    void capsTheSizeOfAQuery() {
        String many = String.join(" OR ", java.util.Collections.nCopies(101, "type = task"));
        assertThatThrownBy(() -> FilterQueryParser.parse(many)).isInstanceOf(FilterQueryException.class)
                .hasMessageContaining("more than 100");
        assertThatThrownBy(() -> FilterQueryParser.parse("x".repeat(2001))).isInstanceOf(FilterQueryException.class);
        assertThat(FilterQueryParser.parse("label in (" + String.join(",", List.of("a", "b", "c")) + ")").where())
                .isPresent();
    }

    private static void assertError(String text, int line, int column, String message) {
        assertThatThrownBy(() -> FilterQueryParser.parse(text))
                .isInstanceOfSatisfying(FilterQueryException.class, e -> {
                    assertThat(e.line()).as("line").isEqualTo(line);
                    assertThat(e.column()).as("column").isEqualTo(column);
                    assertThat(e.getBody().getDetail()).contains(message);
                });
    }
}
