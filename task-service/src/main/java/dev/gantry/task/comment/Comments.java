package dev.gantry.task.comment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.membership.ProjectMembership;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.CursorPage;
import dev.gantry.common.web.PageRequest;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.CommentAdded;
import dev.gantry.events.tasks.CommentDeleted;
import dev.gantry.events.tasks.CommentEdited;
import dev.gantry.events.tasks.CommentState;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.UsersMentioned;
import dev.gantry.task.task.Markdown;
import dev.gantry.task.task.Task;
import dev.gantry.task.task.Tasks;

/**
 * Comments on tasks. A commenter starts watching the task; mentioned project members are told through a
 * {@code mentioned} event (only those newly mentioned when a comment is edited). Authors edit their comments;
 * authors and project MANAGERs delete them.
 */
@Service
public class Comments {

    private final JdbcClient jdbc;
    private final Tasks tasks;
    private final ProjectAccess access;
    private final ProjectMembership membership;
    private final Outbox outbox;
    private final Clock clock;

    Comments(JdbcClient jdbc, Tasks tasks, ProjectAccess access, ProjectMembership membership, Outbox outbox,
            Clock clock) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.access = access;
        this.membership = membership;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Comment add(CurrentUser caller, UUID taskId, String body) {
        Task task = tasks.requireForUpdate(caller, taskId, ProjectAction.EDIT);
        List<UUID> mentioned = members(task, Mentions.in(body));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        UUID id = Ids.newId();
        jdbc.sql("""
                insert into comments (id, tenant_id, task_id, project_id, author_id, body, mentioned, created_at, version)
                values (:id, :t, :task, :p, :author, :body, :mentioned, :at, 1)
                """)
                .param("id", id).param("t", task.tenantId()).param("task", taskId).param("p", task.projectId())
                .param("author", caller.userId()).param("body", body)
                .param("mentioned", mentioned.toArray(UUID[]::new)).param("at", now.atOffset(ZoneOffset.UTC))
                .update();
        CommentState state = new CommentState(id, taskId, task.projectId(), task.key(), caller.userId(), body,
                mentioned, now, null);
        outbox.record(TaskEvents.COMMENT_ADDED, id, 1, new CommentAdded(state));
        if (!mentioned.isEmpty()) {
            outbox.record(TaskEvents.MENTIONED, id, 1, new UsersMentioned(id, taskId, task.projectId(), task.key(),
                    task.title(), caller.userId(), mentioned, excerpt(body)));
        }
        tasks.addWatcher(task, caller.userId());
        return find(id).orElseThrow();
    }

    @Transactional
    public Comment edit(CurrentUser caller, UUID taskId, UUID commentId, long expectedVersion, String body) {
        Task task = tasks.require(caller, taskId, ProjectAction.EDIT);
        Comment before = find(commentId).filter(c -> c.taskId().equals(taskId)).orElseThrow(() -> notFound(commentId));
        if (!before.authorId().equals(caller.userId())) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not your comment",
                    "Only the author edits a comment.");
        }
        Versions.require("comment", expectedVersion, before.version());
        List<UUID> mentioned = members(task, Mentions.in(body));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int updated = jdbc.sql("""
                update comments set body = :body, mentioned = :mentioned, edited_at = :at, version = version + 1
                where id = :id and version = :expected
                """)
                .param("body", body).param("mentioned", mentioned.toArray(UUID[]::new))
                .param("at", now.atOffset(ZoneOffset.UTC)).param("id", commentId).param("expected", expectedVersion)
                .update();
        if (updated == 0) {
            throw Versions.stale("comment", find(commentId).map(Comment::version).orElse(expectedVersion));
        }
        long version = expectedVersion + 1;
        outbox.record(TaskEvents.COMMENT_EDITED, commentId, version, new CommentEdited(new CommentState(commentId,
                taskId, task.projectId(), task.key(), before.authorId(), body, mentioned, before.createdAt(), now)));
        List<UUID> newlyMentioned = mentioned.stream().filter(u -> !before.mentionedUserIds().contains(u)).toList();
        if (!newlyMentioned.isEmpty()) {
            outbox.record(TaskEvents.MENTIONED, commentId, version, new UsersMentioned(commentId, taskId,
                    task.projectId(), task.key(), task.title(), caller.userId(), newlyMentioned, excerpt(body)));
        }
        return find(commentId).orElseThrow();
    }

    @Transactional
    public void delete(CurrentUser caller, UUID taskId, UUID commentId, long expectedVersion) {
        Task task = tasks.require(caller, taskId, ProjectAction.READ);
        Comment comment = find(commentId).filter(c -> c.taskId().equals(taskId)).orElseThrow(() -> notFound(commentId));
        boolean author = comment.authorId().equals(caller.userId()) && access.allows(caller, task.projectId(),
                ProjectAction.EDIT);
        if (!author && !access.allows(caller, task.projectId(), ProjectAction.MANAGE)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Not allowed",
                    "Only the author or a project MANAGER deletes a comment.");
        }
        Versions.require("comment", expectedVersion, comment.version());
        if (jdbc.sql("delete from comments where id = :id and version = :v").param("id", commentId)
                .param("v", expectedVersion).update() == 0) {
            throw Versions.stale("comment", find(commentId).map(Comment::version).orElse(expectedVersion));
        }
        outbox.record(TaskEvents.COMMENT_DELETED, commentId, expectedVersion + 1,
                new CommentDeleted(commentId, taskId, task.projectId()));
    }

    @Transactional(readOnly = true)
    public CursorPage<Comment> list(CurrentUser caller, UUID taskId, PageRequest page) {
        tasks.require(caller, taskId, ProjectAction.READ);
        List<Comment> comments = jdbc.sql("""
                select * from comments where task_id = :task
                  and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id limit :limit
                """)
                .param("task", taskId).param("after", page.after().orElse(null)).param("limit", page.limit() + 1)
                .query(Comments::map).list();
        return CursorPage.of(comments, page.limit(), c -> PageRequest.cursorAfter(c.id()));
    }

    /** Up to {@code limit + 1} comments of the current tenant after {@code after}, by id, with their task's key. */
    public List<dev.gantry.events.tasks.ExportedComment> exportPage(java.util.Optional<UUID> after, int limit) {
        return jdbc.sql("""
                select c.*, t.key from comments c join tasks t on t.id = c.task_id
                where c.tenant_id = :t and (cast(:after as uuid) is null or c.id > cast(:after as uuid))
                order by c.id limit :limit
                """)
                .param("t", dev.gantry.common.tenant.TenantContext.requireTenant()).param("after", after.orElse(null))
                .param("limit", limit + 1)
                .query((rs, n) -> {
                    java.sql.Timestamp edited = rs.getTimestamp("edited_at");
                    return new dev.gantry.events.tasks.ExportedComment(rs.getLong("version"), new CommentState(
                            rs.getObject("id", UUID.class), rs.getObject("task_id", UUID.class),
                            rs.getObject("project_id", UUID.class), rs.getString("key"),
                            rs.getObject("author_id", UUID.class), rs.getString("body"),
                            Arrays.asList((UUID[]) rs.getArray("mentioned").getArray()),
                            rs.getTimestamp("created_at").toInstant(), edited == null ? null : edited.toInstant()));
                })
                .list();
    }

    private java.util.Optional<Comment> find(UUID id) {
        return jdbc.sql("select * from comments where id = :id").param("id", id).query(Comments::map).optional();
    }

    /** Mentions count only for members of the task's project: nobody is told of work they cannot see. */
    private List<UUID> members(Task task, List<UUID> mentioned) {
        return mentioned.stream().filter(user -> membership.roleOf(task.projectId(), user).isPresent()).toList();
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 199) + "…";
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Comment not found",
                "No comment " + id + " on this task.");
    }

    private static Comment map(ResultSet rs, int row) throws SQLException {
        String body = rs.getString("body");
        java.sql.Timestamp edited = rs.getTimestamp("edited_at");
        return new Comment(rs.getObject("id", UUID.class), rs.getObject("task_id", UUID.class),
                rs.getObject("author_id", UUID.class), body, Markdown.toSafeHtml(body),
                Arrays.asList((UUID[]) rs.getArray("mentioned").getArray()), rs.getTimestamp("created_at").toInstant(),
                edited == null ? null : edited.toInstant(), rs.getLong("version"));
    }
}
