package dev.gantry.task.importing;

import java.time.Instant;
import java.util.UUID;

/** An import of a file into a project: how many rows it has, how many are imported, and whether it finished. */
public record ImportJob(UUID id, UUID projectId, String status, int totalRows, int importedRows, String error,
        Instant createdAt, Instant finishedAt) {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
}
