package dev.gantry.user.client;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.gantry.common.web.PageRequest;

@Repository
class ApiClientRepository {

    private final JdbcClient jdbc;

    ApiClientRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, ApiClient client, String secretHash) {
        jdbc.sql("""
                insert into api_clients (id, tenant_id, client_id, name, secret_hash, scopes, created_by, created_at)
                values (:id, :tenantId, :clientId, :name, :hash, :scopes, :createdBy, :createdAt)
                """)
                .param("id", client.id()).param("tenantId", tenantId).param("clientId", client.clientId())
                .param("name", client.name()).param("hash", secretHash)
                .param("scopes", client.scopes().toArray(String[]::new)).param("createdBy", client.createdBy())
                .param("createdAt", client.createdAt().atOffset(ZoneOffset.UTC))
                .update();
    }

    long countActive(UUID tenantId) {
        return jdbc.sql("select count(*) from api_clients where tenant_id = :tenantId and revoked_at is null")
                .param("tenantId", tenantId).query(Long.class).single();
    }

    Optional<ApiClient> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from api_clients where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId).param("id", id).query(ApiClientRepository::map).optional();
    }

    /** The client and its secret hash, by the client id it authenticates with. */
    Optional<ClientCredentials> findByClientId(UUID tenantId, String clientId) {
        return jdbc.sql("select * from api_clients where tenant_id = :tenantId and client_id = :clientId")
                .param("tenantId", tenantId).param("clientId", clientId)
                .query((rs, row) -> new ClientCredentials(map(rs, row), rs.getString("secret_hash"))).optional();
    }

    record ClientCredentials(ApiClient client, String secretHash) {
    }

    List<ApiClient> page(UUID tenantId, PageRequest page) {
        return jdbc.sql("""
                select * from api_clients
                where tenant_id = :tenantId and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id
                limit :limit
                """)
                .param("tenantId", tenantId).param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1)
                .query(ApiClientRepository::map).list();
    }

    boolean revoke(UUID tenantId, UUID id, Instant at) {
        return jdbc.sql("""
                update api_clients set revoked_at = :at where tenant_id = :tenantId and id = :id and revoked_at is null
                """)
                .param("at", at.atOffset(ZoneOffset.UTC)).param("tenantId", tenantId).param("id", id)
                .update() == 1;
    }

    private static ApiClient map(ResultSet rs, int row) throws SQLException {
        Array scopes = rs.getArray("scopes");
        return new ApiClient(rs.getObject("id", UUID.class), rs.getString("client_id"), rs.getString("name"),
                Arrays.asList((String[]) scopes.getArray()), rs.getObject("created_by", UUID.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());
    }
}
