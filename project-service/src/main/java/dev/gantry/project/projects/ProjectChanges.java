package dev.gantry.project.projects;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A PATCH of a project: only the fields sent change; an empty description clears it. The key cannot change.
 */
public record ProjectChanges(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 10_000) String description,
        LocalDate startDate,
        LocalDate targetDate,
        UUID ownerId) {
}
