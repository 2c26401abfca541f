package dev.gantry.project.projects;

import java.time.LocalDate;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a client sends to create a project. */
public record NewProject(
        @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9]{1,9}", message = "must be 2 to 10 capital letters or digits, starting with a letter")
        String key,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 10_000) String description,
        LocalDate startDate,
        LocalDate targetDate) {

    @AssertTrue(message = "must not be before the start date")
    boolean isTargetDate() {
        return startDate == null || targetDate == null || !targetDate.isBefore(startDate);
    }
}
