package dev.gantry.search.filters;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.gantry.search.filterlang.FilterQueryParser;

/**
 * What a client sends to save a filter (create or replace).
 *
 * @param projectId the project the filter belongs to; needed to share it
 * @param shared    whether the project's readers see it too
 */
public record FilterForm(@NotBlank @Size(max = 100) String name,
        @NotNull @Size(max = FilterQueryParser.MAX_LENGTH) String query, UUID projectId, Boolean shared) {

    public boolean isShared() {
        return Boolean.TRUE.equals(shared);
    }
}
