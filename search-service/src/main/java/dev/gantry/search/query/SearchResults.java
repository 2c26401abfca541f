package dev.gantry.search.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One page of search results: the hits with their highlights, the cursor of the next page, the number of matches,
 * and (on the first page) facet counts by type, project, status and assignee.
 */
public record SearchResults(List<Hit> items, String nextCursor, long total, Map<String, List<FacetCount>> facets) {

    /** One result; {@code id} is the project's, task's or comment's id. */
    public record Hit(String type, UUID id, UUID projectId, UUID taskId, String key, String title, String status,
            String priority, UUID assigneeId, UUID authorId, List<String> labels, LocalDate dueDate,
            Instant updatedAt, Double score, Map<String, List<String>> highlights) {
    }

    public record FacetCount(String value, long count) {
    }

    /** One suggestion while typing: a task or project by key or title. */
    public record Suggestion(String type, UUID id, UUID projectId, String key, String title) {
    }
}
