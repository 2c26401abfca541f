package dev.gantry.search.rebuild;

import java.time.Instant;
import java.util.UUID;

/** A rebuild of the search index, as the admin API shows it. */
public record IndexRebuild(UUID id, String status, String targetIndex, String previousIndex, String requestedBy,
        long documents, String error, Instant startedAt, Instant finishedAt) {

    public static final String RUNNING = "RUNNING";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
}
