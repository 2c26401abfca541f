package dev.gantry.project.release;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The bodies of the release API. */
final class ReleaseRequests {

    private ReleaseRequests() {
    }

    /** Starting a release from a template (its latest version unless one is named). */
    record NewRelease(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 50) String version,
            @NotNull UUID templateId, Integer templateVersion, LocalDate plannedDate) {
    }

    record ReleaseChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String name, LocalDate plannedDate) {
    }

    record Reason(@NotBlank @Size(max = 2000) String reason) {
    }

    /** Ticking (or unticking) a checklist item with the evidence it needs. */
    record ItemChange(@NotNull Boolean done, @Size(max = 4000) String note, @Size(max = 1000) String attachmentRef) {
    }

    record DecisionRequest(@NotNull Decision decision, @Size(max = 4000) String comment) {
    }

    record NewIncident(@NotBlank @Size(max = 300) String title,
            @NotNull @Pattern(regexp = "SEV1|SEV2|SEV3|SEV4", message = "must be SEV1, SEV2, SEV3 or SEV4") String severity,
            @Size(max = 4000) String description) {
    }
}
