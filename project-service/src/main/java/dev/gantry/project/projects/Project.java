package dev.gantry.project.projects;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A project (立项): the key prefixes its task keys and never changes once created. */
public record Project(UUID id, UUID tenantId, String key, String name, String description, String status,
        LocalDate startDate, LocalDate targetDate, String createdBy, Instant createdAt, long version) {

    public static final String ACTIVE = "ACTIVE";
}
