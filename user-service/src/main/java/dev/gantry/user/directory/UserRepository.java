package dev.gantry.user.directory;

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
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.ChatPlatform;

/** Users and their chat links in PostgreSQL. Every query names the tenant; row-level security is the second wall. */
@Repository
class UserRepository {

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(User user) {
        jdbc.sql("""
                insert into users (id, tenant_id, email, display_name, locale, time_zone, roles, status,
                                   created_at, updated_at, version)
                values (:id, :tenantId, :email, :displayName, :locale, :timeZone, :roles, :status,
                        :createdAt, :updatedAt, :version)
                """)
                .param("id", user.id())
                .param("tenantId", user.tenantId())
                .param("email", user.email())
                .param("displayName", user.displayName())
                .param("locale", user.locale())
                .param("timeZone", user.timeZone())
                .param("roles", roles(user))
                .param("status", user.status().name())
                .param("createdAt", user.createdAt().atOffset(ZoneOffset.UTC))
                .param("updatedAt", user.updatedAt().atOffset(ZoneOffset.UTC))
                .param("version", user.version())
                .update();
    }

    /**
     * Writes the user's fields if the row is still at {@code expectedVersion}; the user passed carries the new
     * version. False when someone else changed it first.
     */
    boolean update(User user, long expectedVersion) {
        return jdbc.sql("""
                update users set email = :email, display_name = :displayName, locale = :locale,
                                 time_zone = :timeZone, roles = :roles, status = :status, updated_at = :updatedAt,
                                 version = :version
                where tenant_id = :tenantId and id = :id and version = :expected
                """)
                .param("email", user.email())
                .param("displayName", user.displayName())
                .param("locale", user.locale())
                .param("timeZone", user.timeZone())
                .param("roles", roles(user))
                .param("status", user.status().name())
                .param("updatedAt", user.updatedAt().atOffset(ZoneOffset.UTC))
                .param("version", user.version())
                .param("tenantId", user.tenantId())
                .param("id", user.id())
                .param("expected", expectedVersion)
                .update() == 1;
    }

    boolean delete(UUID tenantId, UUID id, long expectedVersion) {
        return jdbc.sql("delete from users where tenant_id = :tenantId and id = :id and version = :expected")
                .param("tenantId", tenantId).param("id", id).param("expected", expectedVersion)
                .update() == 1;
    }

    Optional<User> find(UUID tenantId, UUID id) {
        return jdbc.sql("select * from users where tenant_id = :tenantId and id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query(this::map).optional();
    }

    Optional<User> findByEmail(UUID tenantId, String email) {
        return jdbc.sql("select * from users where tenant_id = :tenantId and email = :email")
                .param("tenantId", tenantId).param("email", email)
                .query(this::map).optional();
    }

    /** Locks the tenant's row, so that changes that must keep an owner in the tenant happen one after another. */
    void lockTenant(UUID tenantId) {
        jdbc.sql("select id from tenants where id = :tenantId for update").param("tenantId", tenantId)
                .query(UUID.class).optional();
    }

    long countActiveOwners(UUID tenantId) {
        return jdbc.sql("""
                select count(*) from users
                where tenant_id = :tenantId and status = 'ACTIVE' and 'OWNER' = any(roles)
                """).param("tenantId", tenantId).query(Long.class).single();
    }

    /**
     * Up to {@code limit + 1} users after the cursor whose e-mail or display name contains {@code query}
     * (case-insensitive; null for all), oldest first.
     */
    List<UserSummary> search(UUID tenantId, String query, PageRequest page) {
        String pattern = query == null ? null : "%" + escapeLike(query.toLowerCase(java.util.Locale.ROOT)) + "%";
        return jdbc.sql("""
                select * from users
                where tenant_id = :tenantId
                  and (cast(:pattern as text) is null
                       or email like cast(:pattern as text)
                       or lower(display_name) like cast(:pattern as text))
                  and (cast(:after as uuid) is null or id > cast(:after as uuid))
                order by id
                limit :limit
                """)
                .param("tenantId", tenantId)
                .param("pattern", pattern)
                .param("after", page.after().orElse(null))
                .param("limit", page.limit() + 1)
                .query((rs, row) -> new UserSummary(rs.getObject("id", UUID.class), rs.getString("email"),
                        rs.getString("display_name"), roles(rs), UserStatus.valueOf(rs.getString("status"))))
                .list();
    }

    void replaceChatAccount(UUID tenantId, UUID userId, ChatAccount account, Instant at) {
        jdbc.sql("""
                insert into chat_accounts (user_id, tenant_id, platform, account_id, linked_at)
                values (:userId, :tenantId, :platform, :accountId, :at)
                on conflict (user_id, platform) do update set account_id = excluded.account_id,
                                                              linked_at = excluded.linked_at
                """)
                .param("userId", userId).param("tenantId", tenantId)
                .param("platform", account.platform().name()).param("accountId", account.accountId())
                .param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    boolean removeChatAccount(UUID tenantId, UUID userId, ChatPlatform platform) {
        return jdbc.sql("delete from chat_accounts where tenant_id = :tenantId and user_id = :userId and platform = :p")
                .param("tenantId", tenantId).param("userId", userId).param("p", platform.name())
                .update() == 1;
    }

    /** The user of the tenant who linked this chat account, if any. */
    Optional<UUID> chatAccountOwner(UUID tenantId, ChatAccount account) {
        return jdbc.sql("""
                select user_id from chat_accounts
                where tenant_id = :tenantId and platform = :platform and account_id = :accountId
                """)
                .param("tenantId", tenantId).param("platform", account.platform().name())
                .param("accountId", account.accountId())
                .query(UUID.class).optional();
    }

    private List<ChatAccount> chatAccounts(UUID tenantId, UUID userId) {
        return jdbc.sql("""
                select platform, account_id from chat_accounts where tenant_id = :tenantId and user_id = :userId
                """)
                .param("tenantId", tenantId).param("userId", userId)
                .query((rs, row) -> new ChatAccount(ChatPlatform.valueOf(rs.getString("platform")),
                        rs.getString("account_id")))
                .list();
    }

    private static String[] roles(User user) {
        return user.roles().stream().map(Enum::name).toArray(String[]::new);
    }

    private static List<TenantRole> roles(ResultSet rs) throws SQLException {
        Array roles = rs.getArray("roles");
        return Arrays.stream((String[]) roles.getArray()).map(TenantRole::valueOf).sorted().toList();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private User map(ResultSet rs, int row) throws SQLException {
        UUID tenantId = rs.getObject("tenant_id", UUID.class);
        UUID id = rs.getObject("id", UUID.class);
        return new User(id, tenantId, rs.getString("email"), rs.getString("display_name"), rs.getString("locale"),
                rs.getString("time_zone"), roles(rs), chatAccounts(tenantId, id),
                UserStatus.valueOf(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getLong("version"));
    }
}
