package dev.gantry.project.projects;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A project (立项): the key prefixes its task keys and never changes once created. */
public record Project(UUID id, UUID tenantId, String key, String name, String description, String status,
        LocalDate startDate, LocalDate targetDate, UUID ownerId, String createdBy, Instant createdAt,
        Instant updatedAt, @JsonIgnore Instant deletedAt, long version) {

    public static final String ACTIVE = "ACTIVE";
    public static final String ARCHIVED = "ARCHIVED";

    @JsonIgnore
    public boolean deleted() {
        return deletedAt != null;
    }

    @JsonIgnore
    public boolean archived() {
        return ARCHIVED.equals(status);
    }
}
