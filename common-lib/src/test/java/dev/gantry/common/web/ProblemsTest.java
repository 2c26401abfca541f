package dev.gantry.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

class ProblemsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "400, malformed-request",
            "401, unauthorized",
            "403, forbidden",
            "404, not-found",
            "405, method-not-allowed",
            "406, not-acceptable",
            "409, conflict",
            "413, payload-too-large",
            "415, unsupported-media-type",
            "422, validation-failed",
            "503, service-unavailable",
            "500, internal-error",
            "502, internal-error",
            "504, internal-error"})
    void givesEachListedStatusItsGantryType(int status, String slug) {
        assertThat(Problems.defaultType(HttpStatusCode.valueOf(status)))
                .isEqualTo(URI.create("https://gantry.dev/problems/" + slug));
    }

    @Test
    void namesAnUnlistedClientErrorAfterItsStatus() {
        assertThat(Problems.defaultType(HttpStatus.I_AM_A_TEAPOT))
                .isEqualTo(URI.create("https://gantry.dev/problems/i-am-a-teapot"));
        assertThat(Problems.defaultType(HttpStatus.TOO_MANY_REQUESTS))
                .isEqualTo(URI.create("https://gantry.dev/problems/too-many-requests"));
    }

    @Test
    void namesAStatusWithoutANameByItsNumber() {
        assertThat(Problems.defaultType(HttpStatusCode.valueOf(499)))
                .isEqualTo(URI.create("https://gantry.dev/problems/status-499"));
    }

    @Test
    void ofSetsStatusTypeTitleAndDetail() {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONFLICT, "Name taken", "Pick another.");

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getType()).isEqualTo(Problems.CONFLICT);
        assertThat(problem.getTitle()).isEqualTo("Name taken");
        assertThat(problem.getDetail()).isEqualTo("Pick another.");
    }

    @Test
    void completeFillsTheTypeOfAnAboutBlankProblem() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
        problem.setType(URI.create("about:blank"));

        Problems.complete(problem, null, null);

        assertThat(problem.getType()).isEqualTo(Problems.NOT_FOUND);
    }

    @Test
    void completeFillsTheTypeOfAProblemThatHasNone() {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.METHOD_NOT_ALLOWED);

        Problems.complete(problem, null, null);

        assertThat(problem.getType()).isEqualTo(Problems.METHOD_NOT_ALLOWED);
    }

    @Test
    void completeKeepsAnExplicitType() {
        URI own = Problems.type("project-archived");
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, own, "Archived", "The project is archived.");

        Problems.complete(problem, "/api/v1/projects/1", null);

        assertThat(problem.getType()).isEqualTo(own);
    }

    @Test
    void completeSetsTheInstanceFromThePath() {
        ProblemDetail problem = Problems.complete(ProblemDetail.forStatus(404), "/api/v1/projects/42", null);

        assertThat(problem.getInstance()).isEqualTo(URI.create("/api/v1/projects/42"));
    }

    @Test
    void completeKeepsAnInstanceAlreadySet() {
        ProblemDetail problem = ProblemDetail.forStatus(404);
        problem.setInstance(URI.create("/elsewhere"));

        Problems.complete(problem, "/api/v1/projects/42", null);

        assertThat(problem.getInstance()).isEqualTo(URI.create("/elsewhere"));
    }

    @Test
    void completeEncodesSpacesInThePathInsteadOfThrowing() {
        ProblemDetail problem = ProblemDetail.forStatus(404);

        assertThatCode(() -> Problems.complete(problem, "/api/v1/projects/a b", null)).doesNotThrowAnyException();

        assertThat(problem.getInstance().getPath()).isEqualTo("/api/v1/projects/a b");
        assertThat(problem.getInstance()).hasToString("/api/v1/projects/a%20b");
    }

    @Test
    void completeAcceptsANonAsciiPath() {
        ProblemDetail problem = ProblemDetail.forStatus(404);

        assertThatCode(() -> Problems.complete(problem, "/api/v1/projects/支付", null)).doesNotThrowAnyException();

        assertThat(problem.getInstance().getPath()).isEqualTo("/api/v1/projects/支付");
        assertThat(problem.getInstance().toASCIIString()).isEqualTo("/api/v1/projects/%E6%94%AF%E4%BB%98");
    }

    /**
     * HttpServletRequest.getRequestURI() — what every caller passes — is still percent-encoded, so an encoded path
     * must end up in the instance unchanged. It is encoded a second time instead.
     */
    @Test
    void completeDoesNotEncodeAnAlreadyEncodedRequestUriAgain() {
        ProblemDetail problem = Problems.complete(ProblemDetail.forStatus(404), "/api/v1/projects/a%20b", null);

        assertThat(problem.getInstance()).hasToString("/api/v1/projects/a%20b");
    }

    @Test
    void completeLeavesTheInstanceEmptyWithoutAPath() {
        assertThat(Problems.complete(ProblemDetail.forStatus(500), null, null).getInstance()).isNull();
    }

    @Test
    void completeAddsTheTraceId() {
        ProblemDetail problem = Problems.complete(ProblemDetail.forStatus(500), "/x", "4bf92f3577b34da6a3ce929d0e0e4736");

        assertThat(problem.getProperties()).containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void completeAddsNoTraceIdWhenThereIsNone() {
        ProblemDetail problem = Problems.complete(ProblemDetail.forStatus(500), "/x", null);

        assertThat(problem.getProperties() == null || !problem.getProperties().containsKey("traceId")).isTrue();
    }

    @Test
    void validationCarriesTheErrorsAndTheirCount() {
        List<Problems.FieldError> errors = List.of(new Problems.FieldError("name", "must not be blank"),
                new Problems.FieldError("limit", "must be between 1 and 200"));

        ProblemDetail problem = Problems.validation(errors);

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getType()).isEqualTo(Problems.VALIDATION);
        assertThat(problem.getTitle()).isEqualTo("Validation failed");
        assertThat(problem.getDetail()).isEqualTo("2 fields are invalid.");
        assertThat(problem.getProperties()).containsEntry("errors", errors);
    }

    @Test
    void validationOfOneErrorSpeaksInTheSingular() {
        ProblemDetail problem = Problems.validation(List.of(new Problems.FieldError("name", "must not be blank")));

        assertThat(problem.getDetail()).isEqualTo("1 field is invalid.");
    }
}
