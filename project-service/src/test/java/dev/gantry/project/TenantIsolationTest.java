package dev.gantry.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.test.GantryIntegrationTest;

/** Row-level security is the second wall: even SQL that forgets its tenant filter sees one tenant only. */
@GantryIntegrationTest
class TenantIsolationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aQueryWithoutATenantFilterStillSeesOnlyTheCallersTenant() {
        UUID tenantA = UUID.randomUUID();
        UUID tenantB = UUID.randomUUID();
        insertProjects(tenantA, 3);
        insertProjects(tenantB, 2);

        assertThat(countAllProjectsAs(tenantA)).isEqualTo(3);
        assertThat(countAllProjectsAs(tenantB)).isEqualTo(2);
    }

    @Test
    void aTransactionWithoutATenantSeesNoTenantRows() {
        insertProjects(UUID.randomUUID(), 1);

        Long visible = transactions.execute(status -> jdbc.sql("select count(*) from projects").query(Long.class).single());
        assertThat(visible).isZero();
    }

    @Test
    void aTenantCannotWriteRowsIntoAnotherTenant() {
        UUID tenantA = UUID.randomUUID();
        UUID tenantB = UUID.randomUUID();

        assertThatThrownBy(() -> TenantContext.runAs(tenantA, () -> transactions.executeWithoutResult(status ->
                insert(tenantB, "X" + Math.abs(tenantB.hashCode() % 1000)))))
                .rootCause().hasMessageContaining("row-level security");
    }

    @Test
    void theServiceRunsAsARoleThatDoesNotOwnItsTables() {
        String owner = jdbc.sql("select tableowner from pg_tables where schemaname = 'projects' and tablename = 'projects'")
                .query(String.class).single();
        String runtime = jdbc.sql("select current_user").query(String.class).single();
        Boolean bypass = jdbc.sql("select rolbypassrls or rolsuper from pg_roles where rolname = current_user")
                .query(Boolean.class).single();

        assertThat(owner).isEqualTo("projects_owner");
        assertThat(runtime).isEqualTo("projects_app");
        assertThat(bypass).isFalse();
    }

    private long countAllProjectsAs(UUID tenant) {
        // deliberately no "where tenant_id = ..."
        return TenantContext.callAs(tenant, () -> transactions.execute(status ->
                jdbc.sql("select count(*) from projects").query(Long.class).single()));
    }

    private void insertProjects(UUID tenant, int count) {
        TenantContext.runAs(tenant, () -> transactions.executeWithoutResult(status -> {
            for (int i = 0; i < count; i++) {
                insert(tenant, "T" + i);
            }
        }));
    }

    private void insert(UUID tenant, String key) {
        jdbc.sql("""
                insert into projects (id, tenant_id, key, name, created_by, created_at)
                values (:id, :tenant, :key, 'Isolation', 'test', :now)
                """)
                .param("id", UUID.randomUUID()).param("tenant", tenant).param("key", key)
                .param("now", java.sql.Timestamp.from(Instant.now()))
                .update();
    }
}
