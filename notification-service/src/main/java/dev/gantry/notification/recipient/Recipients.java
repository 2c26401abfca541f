package dev.gantry.notification.recipient;

import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.gantry.events.Event;
import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.events.users.UserCreated;
import dev.gantry.events.users.UserDeleted;
import dev.gantry.events.users.UserDisabled;
import dev.gantry.events.users.UserProfile;
import dev.gantry.events.users.UserUpdated;

/**
 * The people notifications can reach, kept from user-service's events. An event older than the row (by aggregate
 * version) changes nothing; a deleted user is forgotten, so nothing more is sent to them.
 */
@Component
public class Recipients {

    private final JdbcClient jdbc;

    Recipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void onCreated(Event<UserCreated> event) {
        upsert(event, event.payload().user());
    }

    public void onUpdated(Event<UserUpdated> event) {
        upsert(event, event.payload().user());
    }

    public void onDisabled(Event<UserDisabled> event) {
        upsert(event, event.payload().user());
    }

    public void onDeleted(Event<UserDeleted> event) {
        jdbc.sql("delete from recipients where user_id = :id and version < :version")
                .param("id", event.payload().userId()).param("version", event.aggregateVersion()).update();
    }

    private void upsert(Event<?> event, UserProfile user) {
        int changed = jdbc.sql("""
                insert into recipients (user_id, tenant_id, email, display_name, locale, time_zone, roles, active,
                                        version, updated_at)
                values (:id, :tenantId, :email, :name, :locale, :zone, :roles, :active, :version, :at)
                on conflict (user_id) do update set email = excluded.email, display_name = excluded.display_name,
                    locale = excluded.locale, time_zone = excluded.time_zone, roles = excluded.roles,
                    active = excluded.active, version = excluded.version, updated_at = excluded.updated_at
                where recipients.version < excluded.version
                """)
                .param("id", user.userId())
                .param("tenantId", event.tenantId())
                .param("email", user.email())
                .param("name", user.displayName())
                .param("locale", user.locale() == null ? "en" : user.locale())
                .param("zone", user.timeZone() == null ? "UTC" : user.timeZone())
                .param("roles", user.roles().toArray(String[]::new))
                .param("active", !"DISABLED".equals(user.status()))
                .param("version", event.aggregateVersion())
                .param("at", event.time().atOffset(ZoneOffset.UTC))
                .update();
        if (changed == 0) {
            return;
        }
        jdbc.sql("delete from recipient_chat_accounts where user_id = :id").param("id", user.userId()).update();
        for (ChatAccount account : user.chatAccounts()) {
            jdbc.sql("""
                    insert into recipient_chat_accounts (tenant_id, user_id, platform, account_id)
                    values (:tenantId, :userId, :platform, :accountId)
                    on conflict (tenant_id, platform, account_id) do update set user_id = excluded.user_id
                    """)
                    .param("tenantId", event.tenantId()).param("userId", user.userId())
                    .param("platform", account.platform().name()).param("accountId", account.accountId())
                    .update();
        }
    }

    @Transactional(readOnly = true)
    public Optional<Recipient> find(UUID userId) {
        return findAll(List.of(userId)).stream().findFirst();
    }

    /** The known, active-or-not recipients among these users, in the current tenant. */
    @Transactional(readOnly = true)
    public List<Recipient> findAll(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select user_id, email, display_name, locale, time_zone, active from recipients
                where user_id in (:ids)
                """)
                .param("ids", userIds)
                .query((rs, n) -> new Recipient(rs.getObject("user_id", UUID.class), rs.getString("email"),
                        rs.getString("display_name"), rs.getString("locale"), rs.getString("time_zone"),
                        rs.getBoolean("active")))
                .list();
    }

    /** The chat accounts of these users, by platform, to @-mention them in a team robot's message. */
    @Transactional(readOnly = true)
    public Map<ChatPlatform, List<String>> chatAccountsOf(Collection<UUID> userIds) {
        Map<ChatPlatform, List<String>> accounts = new EnumMap<>(ChatPlatform.class);
        if (userIds.isEmpty()) {
            return accounts;
        }
        jdbc.sql("""
                select a.platform, a.account_id from recipient_chat_accounts a join recipients r on r.user_id = a.user_id
                where a.user_id in (:ids) and r.active order by a.platform, a.account_id
                """).param("ids", userIds)
                .query((rs, n) -> Map.entry(ChatPlatform.valueOf(rs.getString(1)), rs.getString(2))).list()
                .forEach(e -> accounts.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
        return accounts;
    }

    /** The tenant admins and owners, who hear escalations when a project has no manager. */
    @Transactional(readOnly = true)
    public List<UUID> tenantAdmins() {
        return jdbc.sql("""
                select user_id from recipients where active and ('ADMIN' = any(roles) or 'OWNER' = any(roles))
                order by user_id
                """).query(UUID.class).list();
    }

    /** The Gantry user linked to a chat account in the current tenant. */
    @Transactional(readOnly = true)
    public Optional<UUID> linkedUser(ChatPlatform platform, String accountId) {
        return jdbc.sql("""
                select a.user_id from recipient_chat_accounts a join recipients r on r.user_id = a.user_id
                where a.platform = :platform and a.account_id = :accountId and r.active
                """)
                .param("platform", platform.name()).param("accountId", accountId)
                .query(UUID.class).optional();
    }

    @Transactional(readOnly = true)
    public String nameOf(UUID userId) {
        if (userId == null) {
            return "-";
        }
        return find(userId).map(Recipient::name).orElse(userId.toString().substring(0, 8));
    }
}
