package dev.gantry.project.release;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;

/** The problems the release API answers with, one place for their types and words. */
final class ReleaseProblems {

    private ReleaseProblems() {
    }

    static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Release not found",
                "No release " + id + " in your organisation.");
    }

    static ProblemException stageNotFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Stage not found",
                "No stage " + id + " in this release.");
    }

    static ProblemException itemNotFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Checklist item not found",
                "No checklist item " + id + " in this release.");
    }

    static ProblemException notRunning(Release release) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.type("release-not-running"), "Release not running",
                "The release is " + release.status() + "; only a running release changes.");
    }

    static ProblemException stageState(Stage stage, String wanted) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.type("stage-state"), "Not possible in this stage",
                "Stage " + stage.name() + " is " + stage.status() + "; " + wanted);
    }

    static ProblemException unmet(String title, List<StagePreconditions.Unmet> unmet) {
        ProblemException problem = new ProblemException(HttpStatus.CONFLICT, Problems.type("stage-preconditions-unmet"),
                title, unmet.stream().map(u -> u.condition() + ": " + u.detail()).reduce((a, b) -> a + "; " + b)
                        .orElse(""));
        problem.getBody().setProperty("unmet", unmet);
        return problem;
    }

    static ProblemException forbidden(String slug, String title, String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, Problems.type(slug), title, detail);
    }

    static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, Problems.type(slug), title, detail);
    }

    static ProblemException unprocessable(String slug, String title, String detail) {
        return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.type(slug), title, detail);
    }
}
