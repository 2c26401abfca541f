package dev.gantry.project.projects;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.gantry.events.projects.ProjectRole;

/** A PATCH of a membership: a new role, new duties, or both (what is not sent stays). */
public record MemberChanges(ProjectRole role, @Size(max = 10) List<@NotNull @Size(min = 1, max = 30) String> duties) {
}
