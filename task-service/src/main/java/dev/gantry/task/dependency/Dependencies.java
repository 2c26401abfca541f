package dev.gantry.task.dependency;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.common.Ids;
import dev.gantry.common.events.Outbox;
import dev.gantry.common.membership.ProjectAction;
import dev.gantry.common.security.CurrentUser;
import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.common.web.Versions;
import dev.gantry.events.tasks.DependencyAdded;
import dev.gantry.events.tasks.DependencyRemoved;
import dev.gantry.events.tasks.DependencyType;
import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.task.task.Task;
import dev.gantry.task.task.Tasks;

/**
 * Dependencies between tasks of a tenant, across its projects. A new one that would close a cycle is refused with the
 * cycle's path; additions are serialized per tenant so two concurrent additions cannot close a cycle together.
 */
@Service
public class Dependencies {

    static final int MAX_LAG = 365;

    private final JdbcClient jdbc;
    private final Tasks tasks;
    private final Outbox outbox;
    private final Clock clock;

    Dependencies(JdbcClient jdbc, Tasks tasks, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Dependency add(CurrentUser caller, UUID successorId, UUID predecessorId, DependencyType type, int lagDays) {
        Task successor = tasks.require(caller, successorId, ProjectAction.EDIT);
        Task predecessor = tasks.require(caller, predecessorId, ProjectAction.READ);
        if (predecessorId.equals(successorId)) {
            throw cycle(List.of(successor.key(), successor.key()));
        }
        UUID tenant = TenantContext.requireTenant();
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .param("key", "dependencies:" + tenant).query(rs -> { });
        List<UUID> path = pathBetween(tenant, successorId, predecessorId);
        if (!path.isEmpty()) {
            List<UUID> loop = new ArrayList<>(path);
            loop.add(successorId);
            Map<UUID, String> keys = keysOf(loop);
            throw cycle(loop.stream().map(keys::get).toList());
        }
        Dependency dependency = new Dependency(Ids.newId(), predecessorId, predecessor.key(), predecessor.projectId(),
                successorId, successor.key(), successor.projectId(), type, lagDays,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        int inserted = jdbc.sql("""
                insert into dependencies (id, tenant_id, predecessor_id, successor_id, predecessor_project_id,
                                          successor_project_id, type, lag_days, created_at)
                values (:id, :t, :p, :s, :pp, :sp, :type, :lag, :at)
                on conflict (predecessor_id, successor_id) do nothing
                """)
                .param("id", dependency.id()).param("t", tenant).param("p", predecessorId).param("s", successorId)
                .param("pp", predecessor.projectId()).param("sp", successor.projectId()).param("type", type.name())
                .param("lag", lagDays).param("at", dependency.createdAt().atOffset(ZoneOffset.UTC)).update();
        if (inserted == 0) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("dependency-exists"),
                    "Dependency exists", successor.key() + " already depends on " + predecessor.key() + ".");
        }
        outbox.record(TaskEvents.DEPENDENCY_ADDED, dependency.id(), Dependency.VERSION, new DependencyAdded(
                dependency.id(), predecessorId, successorId, predecessor.projectId(), successor.projectId(), type,
                lagDays));
        return dependency;
    }

    @Transactional
    public void remove(CurrentUser caller, UUID taskId, UUID dependencyId, long expectedVersion) {
        tasks.require(caller, taskId, ProjectAction.EDIT);
        Dependency dependency = find(dependencyId).filter(d -> d.successorId().equals(taskId)
                || d.predecessorId().equals(taskId)).orElseThrow(() -> notFound(dependencyId));
        Versions.require("dependency", expectedVersion, Dependency.VERSION);
        jdbc.sql("delete from dependencies where id = :id").param("id", dependencyId).update();
        outbox.record(TaskEvents.DEPENDENCY_REMOVED, dependencyId, Dependency.VERSION + 1,
                new DependencyRemoved(dependencyId, dependency.predecessorId(), dependency.successorId()));
    }

    /** What the task depends on and what depends on it. */
    public record TaskDependencies(List<Dependency> predecessors, List<Dependency> successors) {
    }

    @Transactional(readOnly = true)
    public TaskDependencies of(CurrentUser caller, UUID taskId) {
        tasks.require(caller, taskId, ProjectAction.READ);
        List<Dependency> all = jdbc.sql(SELECT + " where d.predecessor_id = :id or d.successor_id = :id order by d.id")
                .param("id", taskId).query(Dependencies::map).list();
        return new TaskDependencies(all.stream().filter(d -> d.successorId().equals(taskId)).toList(),
                all.stream().filter(d -> d.predecessorId().equals(taskId)).toList());
    }

    private java.util.Optional<Dependency> find(UUID id) {
        return jdbc.sql(SELECT + " where d.id = :id").param("id", id).query(Dependencies::map).optional();
    }

    /**
     * The path from {@code from} to {@code to} along existing dependencies of the tenant, empty if there is none.
     * The tenant's whole dependency graph is two uuid columns; JGraphT answers the reachability question.
     */
    private List<UUID> pathBetween(UUID tenant, UUID from, UUID to) {
        Graph<UUID, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        graph.addVertex(from);
        graph.addVertex(to);
        jdbc.sql("select predecessor_id, successor_id from dependencies where tenant_id = :t")
                .param("t", tenant)
                .query(rs -> {
                    UUID p = rs.getObject(1, UUID.class);
                    UUID s = rs.getObject(2, UUID.class);
                    graph.addVertex(p);
                    graph.addVertex(s);
                    graph.addEdge(p, s);
                });
        GraphPath<UUID, DefaultEdge> path = BFSShortestPath.findPathBetween(graph, from, to);
        return path == null ? List.of() : path.getVertexList();
    }

    private Map<UUID, String> keysOf(List<UUID> ids) {
        return jdbc.sql("select id, key from tasks where id = any(:ids)")
                .param("ids", ids.toArray(UUID[]::new))
                .query((rs, n) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("key")))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }

    private static ProblemException cycle(List<String> keys) {
        ProblemException problem = new ProblemException(HttpStatus.CONFLICT, Problems.type("dependency-cycle"),
                "Dependency cycle", "This dependency would close a cycle: " + String.join(" → ", keys) + ".");
        problem.getBody().setProperty("cycle", keys);
        return problem;
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Dependency not found",
                "No dependency " + id + " of this task.");
    }

    private static final String SELECT = """
            select d.*, p.key as predecessor_key, s.key as successor_key from dependencies d
            join tasks p on p.id = d.predecessor_id join tasks s on s.id = d.successor_id
            """;

    private static Dependency map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Dependency(rs.getObject("id", UUID.class), rs.getObject("predecessor_id", UUID.class),
                rs.getString("predecessor_key"), rs.getObject("predecessor_project_id", UUID.class),
                rs.getObject("successor_id", UUID.class), rs.getString("successor_key"),
                rs.getObject("successor_project_id", UUID.class), DependencyType.valueOf(rs.getString("type")),
                rs.getInt("lag_days"), rs.getTimestamp("created_at").toInstant());
    }
}
