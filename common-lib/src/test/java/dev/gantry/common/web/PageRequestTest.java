package dev.gantry.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

    @Test
    void defaultsToFiftyItemsFromTheStart() {
        PageRequest page = PageRequest.of(null, null);

        assertThat(page.limit()).isEqualTo(50);
        assertThat(page.after()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 50, 200})
    void acceptsLimitsFromOneToTwoHundred(int limit) {
        assertThat(PageRequest.of(limit, null).limit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 201, -1, Integer.MAX_VALUE})
    void refusesALimitOutOfRangeAsAValidationProblemOnLimit(int limit) {
        ValidationProblem problem = catchThrowableOfType(ValidationProblem.class, () -> PageRequest.of(limit, null));

        assertThat(problem.getStatusCode().value()).isEqualTo(400);
        assertThat(problem.getBody().getType()).isEqualTo(Problems.VALIDATION);
        assertThat(errors(problem)).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("limit");
            assertThat(error.message()).contains("200");
        });
    }

    @Test
    void aCursorLeadsBackToTheIdItWasMadeFrom() {
        UUID last = UUID.fromString("0190c8a2-7e4b-7cc1-9d1e-2f3a4b5c6d7e");

        PageRequest page = PageRequest.of(10, PageRequest.cursorAfter(last));

        assertThat(page.after()).contains(last);
        assertThat(page.limit()).isEqualTo(10);
    }

    @Test
    void aCursorIsUrlSafe() {
        for (int i = 0; i < 20; i++) {
            assertThat(PageRequest.cursorAfter(UUID.randomUUID())).matches("[A-Za-z0-9_-]+");
        }
    }

    @Test
    void treatsABlankCursorAsTheFirstPage() {
        assertThat(PageRequest.of(null, "  ").after()).isEmpty();
        assertThat(PageRequest.of(null, "").after()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor!", "%%%", "abc+/=", "aGVsbG8"}) // the last one is base64 of "hello"
    void refusesACursorItDidNotMakeAsAValidationProblemOnCursor(String cursor) {
        ValidationProblem problem = catchThrowableOfType(ValidationProblem.class, () -> PageRequest.of(null, cursor));

        assertThat(errors(problem)).singleElement()
                .satisfies(error -> assertThat(error.field()).isEqualTo("cursor"));
    }

    @Test
    void refusesABase64CursorThatHoldsNoUuid() {
        String cursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("drop table projects".getBytes(StandardCharsets.UTF_8));

        ValidationProblem problem = catchThrowableOfType(ValidationProblem.class, () -> PageRequest.of(null, cursor));

        assertThat(errors(problem)).extracting(Problems.FieldError::field).containsExactly("cursor");
    }

    @SuppressWarnings("unchecked")
    static List<Problems.FieldError> errors(ValidationProblem problem) {
        assertThat(problem).isNotNull();
        return (List<Problems.FieldError>) problem.getBody().getProperties().get("errors");
    }
}
