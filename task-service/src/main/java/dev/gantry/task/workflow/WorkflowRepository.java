package dev.gantry.task.workflow;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.gantry.events.tasks.StatusCategory;

@Repository
class WorkflowRepository {

    private final JdbcClient jdbc;

    WorkflowRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Workflow> find(UUID projectId) {
        Optional<Long> version = jdbc.sql("select version from workflows where project_id = :p")
                .param("p", projectId).query(Long.class).optional();
        if (version.isEmpty()) {
            return Optional.empty();
        }
        List<Workflow.Status> statuses = jdbc.sql("""
                select status, name, category, wip_limit, wip_policy from workflow_statuses
                where project_id = :p order by position
                """)
                .param("p", projectId)
                .query((rs, n) -> new Workflow.Status(rs.getString("status"), rs.getString("name"),
                        StatusCategory.valueOf(rs.getString("category")), (Integer) rs.getObject("wip_limit"),
                        Workflow.WipPolicy.valueOf(rs.getString("wip_policy"))))
                .list();
        Set<Workflow.Transition> transitions = jdbc.sql("""
                select from_status, to_status from workflow_transitions where project_id = :p
                """)
                .param("p", projectId)
                .query((rs, n) -> new Workflow.Transition(rs.getString("from_status"), rs.getString("to_status")))
                .stream().collect(Collectors.toSet());
        return Optional.of(new Workflow(statuses, transitions, version.get()));
    }

    /** Stores the default workflow unless the project has one (a concurrent first use waits and then does nothing). */
    boolean insertIfAbsent(UUID tenantId, UUID projectId, Workflow workflow) {
        int inserted = jdbc.sql("""
                insert into workflows (project_id, tenant_id, version) values (:p, :t, :v) on conflict do nothing
                """)
                .param("p", projectId).param("t", tenantId).param("v", workflow.version()).update();
        if (inserted > 0) {
            writeDefinition(tenantId, projectId, workflow);
        }
        return inserted > 0;
    }

    /** Replaces the definition if the workflow is still at {@code expected}; false when it is not. */
    boolean replace(UUID tenantId, UUID projectId, long expected, Workflow workflow) {
        int updated = jdbc.sql("update workflows set version = :v where project_id = :p and version = :expected")
                .param("v", expected + 1).param("p", projectId).param("expected", expected).update();
        if (updated == 0) {
            return false;
        }
        jdbc.sql("delete from workflow_transitions where project_id = :p").param("p", projectId).update();
        jdbc.sql("delete from workflow_statuses where project_id = :p").param("p", projectId).update();
        writeDefinition(tenantId, projectId, workflow);
        return true;
    }

    /** Statuses of the project that tasks are in. */
    List<String> statusesInUse(UUID projectId) {
        return jdbc.sql("select distinct status from tasks where project_id = :p").param("p", projectId)
                .query(String.class).list();
    }

    private void writeDefinition(UUID tenantId, UUID projectId, Workflow workflow) {
        int position = 0;
        for (Workflow.Status status : workflow.statuses()) {
            jdbc.sql("""
                    insert into workflow_statuses (project_id, tenant_id, status, name, category, position, wip_limit,
                                                   wip_policy)
                    values (:p, :t, :status, :name, :category, :position, :wipLimit, :wipPolicy)
                    """)
                    .param("p", projectId).param("t", tenantId).param("status", status.status())
                    .param("name", status.name()).param("category", status.category().name())
                    .param("position", position++).param("wipLimit", status.wipLimit())
                    .param("wipPolicy", status.wipPolicy().name())
                    .update();
        }
        for (Workflow.Transition transition : workflow.transitions()) {
            jdbc.sql("""
                    insert into workflow_transitions (project_id, tenant_id, from_status, to_status)
                    values (:p, :t, :from, :to)
                    """)
                    .param("p", projectId).param("t", tenantId).param("from", transition.from())
                    .param("to", transition.to()).update();
        }
    }
}
