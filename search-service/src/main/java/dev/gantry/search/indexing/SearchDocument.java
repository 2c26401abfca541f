package dev.gantry.search.indexing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One searchable thing (a project, later tasks and comments) as the index stores it. Every document carries its
 * tenant, by which it is routed and filtered, and the users who may see it.
 */
public record SearchDocument(String type, UUID tenantId, UUID projectId, String key, String title, String text,
        String status, List<UUID> memberIds, Instant updatedAt) {

    public static final String PROJECT = "project";

    public static String projectDocumentId(UUID projectId) {
        return PROJECT + ":" + projectId;
    }
}
