package dev.gantry.project.projects;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.gantry.events.projects.ProjectRole;

/** Adding someone to a project with a role and duties (the tenant's duties, e.g. QA, OPS). */
public record NewMember(@NotNull UUID userId, @NotNull ProjectRole role,
        @Size(max = 10) List<@NotNull @Size(min = 1, max = 30) String> duties) {
}
