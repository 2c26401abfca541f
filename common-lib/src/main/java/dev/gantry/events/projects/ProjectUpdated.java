package dev.gantry.events.projects;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code gantry.project.updated.v1}: the project's full state after a change (including archive and restore, which
 * change {@code status}), with the names of the changed fields. Members travel in the member events.
 */
public record ProjectUpdated(UUID projectId, String key, String name, String description, String status,
        LocalDate startDate, LocalDate targetDate, UUID ownerId, List<String> changedFields) {

    public ProjectUpdated {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
