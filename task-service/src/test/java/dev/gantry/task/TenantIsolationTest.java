package dev.gantry.task;

import static dev.gantry.task.TaskFixtures.WAIT;
import static dev.gantry.task.TaskFixtures.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.events.Topics;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.test.TestEvents;

/**
 * The second wall: row-level security hides every other tenant's rows from task-service's role even in a query that
 * forgets the tenant; and what task-service writes reaches the broker as events keyed by the task.
 */
@GantryIntegrationTest
class TenantIsolationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aQueryWithoutATenantFilterStillSeesOnlyItsTenantsRows() {
        TaskFixtures a = new TaskFixtures(port);
        TaskFixtures b = new TaskFixtures(port);
        String taskOfA = read(a.createTask(a.project("ISA"), "A's"), "$.id");
        String taskOfB = read(b.createTask(b.project("ISB"), "B's"), "$.id");

        for (String table : List.of("tasks", "task_watchers", "task_activity", "task_counters", "workflows",
                "workflow_statuses", "projects")) {
            long visibleToA = as(a.tenant.tenantId(), () -> jdbc.sql("select count(*) from " + table
                    + " where tenant_id <> :t").param("t", a.tenant.tenantId()).query(Long.class).single());
            assertThat(visibleToA).as(table).isZero();
        }
        List<UUID> tasksOfA = as(a.tenant.tenantId(), () -> jdbc.sql("select id from tasks").query(UUID.class).list());
        assertThat(tasksOfA).contains(UUID.fromString(taskOfA)).doesNotContain(UUID.fromString(taskOfB));
        // outside any tenant nothing is visible at all
        Long outside = transactions.execute(s -> jdbc.sql("select count(*) from tasks").query(Long.class).single());
        assertThat(outside).isZero();
        // and a write for another tenant is refused by the policy's check
        Integer written = as(a.tenant.tenantId(), () -> jdbc.sql("update tasks set title = 'hijack' where id = :id")
                .param("id", UUID.fromString(taskOfB)).update());
        assertThat(written).isZero();
    }

    @Test
    void aCreatedTaskReachesTheTasksTopicKeyedByItsId() {
        TaskFixtures fx = new TaskFixtures(port);
        String task = read(fx.createTask(fx.project("EVT"), "Published"), "$.id");
        List<ConsumerRecord<String, String>> records = TestEvents.readUntil(TestEvents.topic(Topics.TASKS),
                read -> read.stream().anyMatch(r -> task.equals(r.key())), WAIT);
        ConsumerRecord<String, String> created = records.stream().filter(r -> task.equals(r.key())).findFirst()
                .orElseThrow();
        assertThat(read(created.value(), "$.type")).isEqualTo("gantry.task.created.v1");
        assertThat(read(created.value(), "$.tenantid")).isEqualTo(fx.tenant.tenantId().toString());
        assertThat(read(created.value(), "$.data.task.key")).isEqualTo("EVT-1");
    }

    private <T> T as(UUID tenant, Supplier<T> work) {
        return TenantContext.callAs(tenant, () -> transactions.execute(status -> work.get()));
    }
}
