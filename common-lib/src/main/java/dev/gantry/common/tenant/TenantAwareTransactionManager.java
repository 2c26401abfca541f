package dev.gantry.common.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Starts every transaction with the PostgreSQL setting {@value #SETTING} set to the current tenant, for the
 * row-level security policies of tenant tables to read. The setting is transaction-local, so a pooled connection
 * never carries one tenant into another's work; a transaction without a tenant sees no tenant rows at all.
 */
public class TenantAwareTransactionManager extends JdbcTransactionManager {

    public static final String SETTING = "gantry.tenant_id";

    public TenantAwareTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        Optional<UUID> tenant = TenantContext.currentTenant();
        if (tenant.isPresent()) {
            try (PreparedStatement statement = connection.prepareStatement("select set_config(?, ?, true)")) {
                statement.setString(1, SETTING);
                statement.setString(2, tenant.get().toString());
                statement.execute();
            }
        }
    }
}
