package dev.gantry.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.common.web.ValidationProblem;

class SearchRequestTest {

    @Test
    void acceptsCommaSeparatedAndRepeatedValuesAndResolvesMe() {
        UUID me = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        SearchRequest request = SearchRequest.of(" 支付 ", null, null, List.of("Task,comment"), null, null,
                List.of("me", other.toString()), null, null, null, "2026-01-01", null, null, null);

        assertThat(request.q()).isEqualTo("支付");
        assertThat(request.types()).containsExactly("task", "comment");
        assertThat(request.assigneeIds(me)).containsExactly(me, other);
        assertThat(request.limit()).isEqualTo(SearchRequest.DEFAULT_LIMIT);
        assertThat(request.dueFrom()).isPresent();
    }

    @Test
    void reportsEveryBadParameterAtOnce() {
        assertThatThrownBy(() -> SearchRequest.of("x".repeat(201), null, "nope", List.of("ticket"),
                List.of("not-an-id"), null, List.of("bob"), Collections.nCopies(1, String.join(",",
                        Collections.nCopies(21, "l").stream().map(l -> l + Math.random()).toList())),
                "yesterday", null, null, null, 0, null))
                .isInstanceOfSatisfying(ValidationProblem.class, e -> assertThat(
                        ((List<?>) e.getBody().getProperties().get("errors"))).hasSize(8));
    }

    @Test
    void aCursorOnlyContinuesTheSearchItCameFrom() {
        SearchRequest first = SearchRequest.of("a", null, null, null, null, null, null, null, null, null, null, null,
                10, null);
        SearchRequest other = SearchRequest.of("b", null, null, null, null, null, null, null, null, null, null, null,
                10, null);
        String cursor = Cursor.of("pit-id", List.of(co.elastic.clients.elasticsearch._types.FieldValue.of(1.5),
                co.elastic.clients.elasticsearch._types.FieldValue.of(42L)), first.fingerprint()).encode();

        Cursor decoded = Cursor.decode(cursor, first.fingerprint());
        assertThat(decoded.pit()).isEqualTo("pit-id");
        assertThat(decoded.searchAfter()).hasSize(2);
        assertThat(decoded.searchAfter().get(1).longValue()).isEqualTo(42L);
        assertThatThrownBy(() -> Cursor.decode(cursor, other.fingerprint())).isInstanceOf(ValidationProblem.class);
        assertThatThrownBy(() -> Cursor.decode("%%%", first.fingerprint())).isInstanceOf(ValidationProblem.class);
    }
}
