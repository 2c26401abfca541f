package dev.gantry.project.release;

import java.time.Instant;
import java.util.UUID;

import dev.gantry.project.templates.Evidence;
import dev.gantry.project.templates.TemplateDefinition.Approver;

/** A gate item (检查项) of a release stage, with the evidence given when it was completed; its own ETag version. */
public record ChecklistItem(UUID id, UUID stageId, int position, String title, boolean mandatory, Evidence evidence,
        Approver signOffBy, boolean done, String note, String attachmentRef, UUID completedBy, Instant completedAt,
        long version) {
}
