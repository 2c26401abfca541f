package dev.gantry.task.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.membership.ProjectAccess;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.ValidationProblem;
import dev.gantry.events.tasks.TaskType;
import dev.gantry.task.task.Priority;
import dev.gantry.task.task.Task;
import dev.gantry.task.task.Tasks;
import dev.gantry.task.workflow.Workflow;
import dev.gantry.task.workflow.Workflows;

/**
 * Boards: reading a project's columns and lanes, and moving cards. Moves of one project's board are serialized (a
 * transaction-scoped advisory lock), and a move writes the one card's rank, so concurrent drags keep one consistent
 * order without renumbering the column.
 */
@Service
public class Boards {

    /** Cards shown per column; a column's {@code count} still counts them all. */
    static final int CARDS_PER_COLUMN = 500;

    private final JdbcClient jdbc;
    private final ProjectAccess access;
    private final Workflows workflows;
    private final Tasks tasks;

    Boards(JdbcClient jdbc, ProjectAccess access, Workflows workflows, Tasks tasks) {
        this.jdbc = jdbc;
        this.access = access;
        this.workflows = workflows;
        this.tasks = tasks;
    }

    /** How a board groups its cards into swimlanes. */
    public enum Swimlanes {
        NONE, ASSIGNEE, PRIORITY
    }

    @Transactional
    public Board board(CurrentUser caller, UUID projectId, Swimlanes swimlanes) {
        access.require(caller, projectId, ProjectAction.READ);
        Workflow workflow = workflows.of(projectId);
        Map<String, Integer> counts = new HashMap<>();
        jdbc.sql("select status, count(*) from tasks where project_id = :p group by status").param("p", projectId)
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        List<Board.Card> cards = jdbc.sql("""
                select id, key, title, type, priority, assignee_id, status, rank, version from (
                    select t.*, row_number() over (partition by status order by rank, id) as position
                    from tasks t where project_id = :p) ranked
                where position <= :cap order by status, rank, id
                """)
                .param("p", projectId).param("cap", CARDS_PER_COLUMN)
                .query((rs, n) -> new Board.Card(rs.getObject("id", UUID.class), rs.getString("key"),
                        rs.getString("title"), TaskType.valueOf(rs.getString("type")),
                        Priority.valueOf(rs.getString("priority")), rs.getObject("assignee_id", UUID.class),
                        rs.getString("status"), rs.getString("rank"), rs.getLong("version")))
                .list();
        List<Board.Column> columns = workflow.statuses().stream().map(s -> {
            int count = counts.getOrDefault(s.status(), 0);
            return new Board.Column(s.status(), s.name(), s.category(), s.wipLimit(), s.wipPolicy(), count,
                    s.wipLimit() != null && count > s.wipLimit());
        }).toList();
        Map<String, Map<String, List<Board.Card>>> lanes = new LinkedHashMap<>();
        if (swimlanes == Swimlanes.PRIORITY) {
            for (Priority priority : Priority.values()) {
                lanes.put(priority.name(), emptyColumns(workflow));
            }
        }
        for (Board.Card card : cards) {
            String lane = switch (swimlanes) {
                case NONE -> "all";
                case ASSIGNEE -> card.assigneeId() == null ? "none" : card.assigneeId().toString();
                case PRIORITY -> card.priority().name();
            };
            lanes.computeIfAbsent(lane, l -> emptyColumns(workflow))
                    .computeIfAbsent(card.status(), s -> new ArrayList<>()).add(card);
        }
        if (lanes.isEmpty()) {
            lanes.put("all", emptyColumns(workflow));
        }
        return new Board(columns, lanes.entrySet().stream().map(e -> new Board.Lane(e.getKey(), e.getValue()))
                .toList());
    }

    private static Map<String, List<Board.Card>> emptyColumns(Workflow workflow) {
        Map<String, List<Board.Card>> columns = new LinkedHashMap<>();
        workflow.statuses().forEach(s -> columns.put(s.status(), new ArrayList<>()));
        return columns;
    }

    /** A card's new place: its column (status) and the cards it goes between; absent neighbours mean the bottom. */
    public record Move(UUID taskId, String status, UUID afterTaskId, UUID beforeTaskId) {
    }

    /** The moved card and the WIP warnings of a column with policy WARN. */
    public record Moved(Board.Card card, List<String> warnings) {
    }

    @Transactional
    public Moved move(CurrentUser caller, UUID projectId, Move move) {
        access.require(caller, projectId, ProjectAction.EDIT);
        // one board's moves one after another: each reads the neighbours the previous one left
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))").param("key", "board:" + projectId)
                .query(rs -> { });
        Task task = tasks.requireForUpdate(caller, move.taskId(), ProjectAction.EDIT);
        if (!task.projectId().equals(projectId)) {
            throw new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Task not found",
                    "Task " + move.taskId() + " is not on this project's board.");
        }
        String status = move.status() == null ? task.status() : move.status();
        List<String> warnings = new ArrayList<>();
        if (!status.equals(task.status())) {
            Workflow workflow = workflows.of(projectId);
            Workflow.Status target = workflows.requireTransition(workflow, task.status(), status);
            int inColumn = jdbc.sql("select count(*) from tasks where project_id = :p and status = :s")
                    .param("p", projectId).param("s", status).query(Integer.class).single();
            if (target.wipLimit() != null && inColumn >= target.wipLimit()) {
                String message = target.name() + " holds " + inColumn + " cards; its WIP limit is " + target.wipLimit()
                        + ".";
                if (target.wipPolicy() == Workflow.WipPolicy.ENFORCE) {
                    ProblemException full = new ProblemException(HttpStatus.CONFLICT, Problems.type("wip-limit-reached"),
                            "WIP limit reached", message + " Finish or move a card out first.");
                    full.getBody().setProperty("wipLimit", target.wipLimit());
                    throw full;
                }
                warnings.add(message);
            }
            task = tasks.transition(task, status);
        }
        String rank = rankFor(projectId, status, task.id(), move);
        jdbc.sql("update tasks set rank = :rank where id = :id").param("rank", rank).param("id", task.id()).update();
        return new Moved(new Board.Card(task.id(), task.key(), task.title(), task.type(), task.priority(),
                task.assigneeId(), status, rank, task.version()), warnings);
    }

    private String rankFor(UUID projectId, String status, UUID taskId, Move move) {
        if (move.afterTaskId() != null && move.afterTaskId().equals(move.beforeTaskId())) {
            throw invalid("beforeTaskId", "must differ from afterTaskId");
        }
        String lo;
        String hi;
        if (move.afterTaskId() != null) {
            lo = neighbourRank(projectId, status, taskId, move.afterTaskId(), "afterTaskId");
            hi = move.beforeTaskId() != null
                    ? neighbourRank(projectId, status, taskId, move.beforeTaskId(), "beforeTaskId")
                    : next(projectId, status, taskId, lo, true).orElse(null);
        } else if (move.beforeTaskId() != null) {
            hi = neighbourRank(projectId, status, taskId, move.beforeTaskId(), "beforeTaskId");
            lo = next(projectId, status, taskId, hi, false).orElse(null);
        } else {
            lo = jdbc.sql("select max(rank) from tasks where project_id = :p and status = :s and id <> :id")
                    .param("p", projectId).param("s", status).param("id", taskId).query(String.class).optional()
                    .orElse(null);
            hi = null;
        }
        if (lo != null && hi != null && lo.compareTo(hi) > 0) {
            throw invalid("beforeTaskId", "comes before afterTaskId on the board");
        }
        if ((lo != null && lo.equals(hi)) || (lo != null && lo.length() >= Rank.REBALANCE_LENGTH)
                || (hi != null && hi.length() >= Rank.REBALANCE_LENGTH)) {
            // Equal neighbours (cards ranked in another column) or ranks grown long from many moves into one gap:
            // spread this column out once, then place the card.
            rebalance(projectId, status, taskId);
            return rankFor(projectId, status, taskId, move);
        }
        return hi == null ? Rank.after(lo) : Rank.between(lo, hi);
    }

    private String neighbourRank(UUID projectId, String status, UUID taskId, UUID neighbour, String field) {
        if (neighbour.equals(taskId)) {
            throw invalid(field, "must be another card than the one moved");
        }
        return jdbc.sql("select rank from tasks where id = :id and project_id = :p and status = :s")
                .param("id", neighbour).param("p", projectId).param("s", status).query(String.class).optional()
                .orElseThrow(() -> invalid(field, "is not a card in column " + status));
    }

    /** The rank right after (or before) {@code rank} in the column, leaving out the moved card. */
    private Optional<String> next(UUID projectId, String status, UUID taskId, String rank, boolean after) {
        String sql = after
                ? "select min(rank) from tasks where project_id = :p and status = :s and id <> :id and rank > :r"
                : "select max(rank) from tasks where project_id = :p and status = :s and id <> :id and rank < :r";
        return jdbc.sql(sql).param("p", projectId).param("s", status).param("id", taskId).param("r", rank)
                .query(String.class).optional();
    }

    private void rebalance(UUID projectId, String status, UUID movedId) {
        List<UUID> ids = jdbc.sql("""
                select id from tasks where project_id = :p and status = :s and id <> :id order by rank, id
                """).param("p", projectId).param("s", status).param("id", movedId).query(UUID.class).list();
        List<String> ranks = Rank.spread(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            jdbc.sql("update tasks set rank = :r where id = :id").param("r", ranks.get(i)).param("id", ids.get(i))
                    .update();
        }
    }

    private static ValidationProblem invalid(String field, String message) {
        return new ValidationProblem(List.of(new Problems.FieldError(field, message)));
    }
}
