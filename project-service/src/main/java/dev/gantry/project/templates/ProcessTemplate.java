package dev.gantry.project.templates;

import java.time.Instant;
import java.util.UUID;

/**
 * A process template at one version: the definition of that version, and whether it is one of the built-ins
 * ({@code builtIn} names which). {@code latestVersion} is the template's ETag.
 */
public record ProcessTemplate(UUID id, String name, String description, String builtIn, int version,
        int latestVersion, TemplateDefinition definition, String createdBy, Instant createdAt, Instant updatedAt) {
}
