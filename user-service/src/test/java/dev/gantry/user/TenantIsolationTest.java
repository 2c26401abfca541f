package dev.gantry.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.test.GantryIntegrationTest;

/** Row-level security is the second wall: SQL that forgets its tenant filter still sees one tenant only. */
@GantryIntegrationTest
class TenantIsolationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void unfilteredQueriesSeeOnlyTheCurrentTenantsRows() {
        Organisation a = Organisation.signUp(http);
        a.addUser("MEMBER");
        Organisation b = Organisation.signUp(http);

        assertThat(countAs(a.tenantId(), "users")).isEqualTo(2);
        assertThat(countAs(b.tenantId(), "users")).isEqualTo(1);
        assertThat(countAs(a.tenantId(), "tenants")).isEqualTo(1);
        Long withoutTenant = transactions.execute(s -> jdbc.sql("select count(*) from users").query(Long.class).single());
        assertThat(withoutTenant).isZero();
    }

    @Test
    void theServiceRunsAsARoleThatDoesNotOwnItsTables() {
        assertThat(jdbc.sql("select tableowner from pg_tables where schemaname = 'users' and tablename = 'users'")
                .query(String.class).single()).isEqualTo("users_owner");
        assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo("users_app");
        assertThat(jdbc.sql("select rolbypassrls or rolsuper from pg_roles where rolname = current_user")
                .query(Boolean.class).single()).isFalse();
    }

    private long countAs(UUID tenant, String table) {
        return TenantContext.callAs(tenant, () -> transactions.execute(status ->
                jdbc.sql("select count(*) from " + table).query(Long.class).single()));
    }
}
