package dev.gantry.project.templates;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Creating a template, or (PUT) writing its next version. */
public record NewTemplate(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
        @NotNull @Valid TemplateDefinition definition) {
}
