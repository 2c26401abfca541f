package dev.gantry.search.indexing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.gantry.events.projects.ExportedProject;
import dev.gantry.events.projects.ProjectCreated;
import dev.gantry.events.projects.ProjectUpdated;
import dev.gantry.events.tasks.CommentState;
import dev.gantry.events.tasks.TaskState;

/**
 * One searchable thing (a project, a task or a comment) as the index stores it. Every document carries its tenant,
 * by which it is routed and filtered, and its project, by which the caller's read scope filters it. A deleted thing
 * stays as a tombstone ({@code deleted}) at the deletion's version, so that a late, older event cannot bring it back.
 */
public record SearchDocument(String type, UUID tenantId, UUID projectId, UUID taskId, UUID commentId, String key,
        String title, String text, String status, String statusCategory, String priority, Integer priorityRank,
        String taskType, UUID assigneeId, UUID reporterId, UUID authorId, List<String> labels, LocalDate startDate,
        LocalDate dueDate, Instant createdAt, Instant updatedAt, boolean deleted) {

    public static final String PROJECT = "project";
    public static final String TASK = "task";
    public static final String COMMENT = "comment";
    public static final List<String> TYPES = List.of(PROJECT, TASK, COMMENT);

    /** Priority names ordered for sorting; a workflow's own names sort below them (rank 0). */
    static final Map<String, Integer> PRIORITY_RANKS = Map.of("LOWEST", 1, "LOW", 2, "MEDIUM", 3, "HIGH", 4,
            "HIGHEST", 5, "CRITICAL", 6, "BLOCKER", 7);

    public SearchDocument {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public static String id(String type, UUID id) {
        return type + ":" + id;
    }

    public static String projectDocumentId(UUID projectId) {
        return id(PROJECT, projectId);
    }

    public static String taskDocumentId(UUID taskId) {
        return id(TASK, taskId);
    }

    public static String commentDocumentId(UUID commentId) {
        return id(COMMENT, commentId);
    }

    public String documentId() {
        return switch (type) {
            case PROJECT -> projectDocumentId(projectId);
            case TASK -> taskDocumentId(taskId);
            default -> commentDocumentId(commentId);
        };
    }

    public static SearchDocument project(UUID tenantId, ProjectCreated p, Instant at) {
        return new SearchDocument(PROJECT, tenantId, p.projectId(), null, null, p.key(), p.name(), p.description(),
                p.status(), null, null, null, null, null, null, p.createdBy(), List.of(), p.startDate(),
                p.targetDate(), p.createdAt(), at, false);
    }

    public static SearchDocument project(UUID tenantId, ProjectUpdated p, Instant at) {
        return new SearchDocument(PROJECT, tenantId, p.projectId(), null, null, p.key(), p.name(), p.description(),
                p.status(), null, null, null, null, null, null, p.ownerId(), List.of(), p.startDate(),
                p.targetDate(), null, at, false);
    }

    public static SearchDocument project(UUID tenantId, ExportedProject exported, Instant at) {
        return project(tenantId, exported.project(), at);
    }

    public static SearchDocument task(UUID tenantId, TaskState t) {
        return new SearchDocument(TASK, tenantId, t.projectId(), t.taskId(), null, t.key(), t.title(),
                t.description(), t.status(), t.statusCategory() == null ? null : t.statusCategory().name(),
                t.priority(), priorityRank(t.priority()), t.type() == null ? null : t.type().name(), t.assigneeId(),
                t.reporterId(), null, t.labels(), t.startDate(), t.dueDate(), t.createdAt(), t.updatedAt(), false);
    }

    public static SearchDocument comment(UUID tenantId, CommentState c) {
        return new SearchDocument(COMMENT, tenantId, c.projectId(), c.taskId(), c.commentId(), c.taskKey(), null,
                c.body(), null, null, null, null, null, null, null, c.authorId(), List.of(), null, null, c.createdAt(),
                c.editedAt() == null ? c.createdAt() : c.editedAt(), false);
    }

    /** What stays of a deleted thing: enough to route, scope and recognise it, and the deletion's version. */
    public static SearchDocument tombstone(String type, UUID tenantId, UUID projectId, UUID taskId, UUID commentId,
            Instant at) {
        return new SearchDocument(type, tenantId, projectId, taskId, commentId, null, null, null, null, null, null,
                null, null, null, null, null, List.of(), null, null, null, at, true);
    }

    public SearchDocument asTombstone(Instant at) {
        return tombstone(type, tenantId, projectId, taskId, commentId, at);
    }

    public static Map<String, Integer> priorityRanks() {
        return PRIORITY_RANKS;
    }

    /** The known priorities from lowest to highest. */
    public static List<String> priorityOrder() {
        return PRIORITY_RANKS.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .toList();
    }

    static Integer priorityRank(String priority) {
        return priority == null ? null : PRIORITY_RANKS.getOrDefault(priority.toUpperCase(Locale.ROOT), 0);
    }
}
