package dev.gantry.search.filterlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class FilterTranslatorTest {

    private static final UUID ME = UUID.fromString("0190a000-0000-7000-8000-000000000001");
    private static final UUID PAY = UUID.fromString("0190a000-0000-7000-8000-0000000000aa");
    private final FilterTranslator translator = new FilterTranslator(ME, Instant.parse("2026-11-23T10:00:00Z"),
            key -> Optional.ofNullable(Map.of("PAY", PAY).get(key)));

    @Test
    void translatesMeRelativeDatesAndProjectKeys() {
        String json = translate("assignee = me AND due < 7d AND project = pay");

        assertThat(json).contains("\"assigneeId\":{\"value\":\"" + ME + "\"}")
                .contains("\"dueDate\":{\"lt\":\"2026-11-30\"}")
                .contains("\"projectId\":{\"value\":\"" + PAY + "\"}");
    }

    @Test
    void comparesADateAgainstAWholeDayOnInstantFields() {
        assertThat(translate("created = 2026-11-01")).contains("\"gte\":\"2026-11-01T00:00:00Z\"")
                .contains("\"lt\":\"2026-11-02T00:00:00Z\"");
        assertThat(translate("updated <= 2026-11-01")).contains("\"lt\":\"2026-11-02T00:00:00Z\"");
        assertThat(translate("updated > 2026-11-01")).contains("\"gte\":\"2026-11-02T00:00:00Z\"");
        assertThat(translate("updated > -2w")).contains("\"gte\":\"2026-11-09T10:00:00Z\"");
    }

    @Test
    void ordersPrioritiesByRankAndSortsByTheRequestedKeys() {
        var translation = translator.translate(FilterQueryParser.parse("priority >= High ORDER BY priority DESC, key"));

        assertThat(String.valueOf(translation.query()))
                .contains("\"priorityRank\":{\"gte\":4.0}");
        assertThat(translation.sort()).hasSize(2);
        assertThat(String.valueOf(translation.sort().get(0)))
                .contains("priorityRank").contains("desc");
    }

    @Test
    void refusesValuesThatDoNotFitTheirFieldWithTheirPosition() {
        assertRefused("assignee = bob", 12, "a user is 'me' or a user id");
        assertRefused("project = NOPE", 11, "no project with key 'NOPE'");
        assertRefused("due < tomorrow", 7, "a date is written");
        assertRefused("due < 2026-13-45", 7, "is not a date");
        assertRefused("type = ticket", 8, "type is one of");
        assertRefused("priority > urgent", 12, "priorities compare in the order");
        assertRefused("category = started", 12, "is not one of");
        assertRefused("assignee = \"me\"", 12, "a user is 'me' or a user id");
    }

    private String translate(String query) {
        return String.valueOf(translator.translate(FilterQueryParser.parse(query)).query());
    }

    private void assertRefused(String query, int column, String message) {
        assertThatThrownBy(() -> translate(query)).isInstanceOfSatisfying(FilterQueryException.class, e -> {
            assertThat(e.column()).as(query).isEqualTo(column);
            assertThat(e.getBody().getDetail()).contains(message);
        });
    }
}
