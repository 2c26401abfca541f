package dev.gantry.user.tenant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants in PostgreSQL; row-level security shows a transaction only its own tenant's row. */
@Repository
class TenantRepository {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Tenant tenant) {
        jdbc.sql("""
                insert into tenants (id, name, mfa_required, created_at, updated_at, version)
                values (:id, :name, :mfaRequired, :createdAt, :updatedAt, :version)
                """)
                .param("id", tenant.id())
                .param("name", tenant.name())
                .param("mfaRequired", tenant.mfaRequired())
                .param("createdAt", tenant.createdAt().atOffset(ZoneOffset.UTC))
                .param("updatedAt", tenant.updatedAt().atOffset(ZoneOffset.UTC))
                .param("version", tenant.version())
                .update();
    }

    boolean update(Tenant tenant, long expectedVersion) {
        return jdbc.sql("""
                update tenants set name = :name, mfa_required = :mfaRequired, updated_at = :updatedAt,
                                   version = :version
                where id = :id and version = :expected
                """)
                .param("name", tenant.name())
                .param("mfaRequired", tenant.mfaRequired())
                .param("updatedAt", tenant.updatedAt().atOffset(ZoneOffset.UTC))
                .param("version", tenant.version())
                .param("id", tenant.id())
                .param("expected", expectedVersion)
                .update() == 1;
    }

    Optional<Tenant> find(UUID id) {
        return jdbc.sql("select * from tenants where id = :id").param("id", id)
                .query(TenantRepository::map).optional();
    }

    private static Tenant map(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getObject("id", UUID.class), rs.getString("name"), rs.getBoolean("mfa_required"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"));
    }
}
