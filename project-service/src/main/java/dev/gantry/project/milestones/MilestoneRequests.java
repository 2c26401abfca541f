package dev.gantry.project.milestones;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

final class MilestoneRequests {

    private MilestoneRequests() {
    }

    record NewMilestone(@NotNull UUID projectId, @NotBlank @Size(max = 200) String name,
            @Size(max = 4000) String description, @NotNull LocalDate dueDate, UUID releaseId) {
    }

    /** Only what is sent changes; {@code unlinkRelease} removes the link to a release. */
    record MilestoneChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String name, @Size(max = 4000) String description, LocalDate dueDate, UUID releaseId,
            Boolean unlinkRelease,
            @Pattern(regexp = "OPEN|REACHED|MISSED", message = "must be OPEN, REACHED or MISSED") String status) {
    }
}
