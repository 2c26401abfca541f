package dev.gantry.user.directory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.gantry.events.users.ChatAccount;
import dev.gantry.events.users.UserProfile;

/**
 * A user of a tenant as the directory holds it. Credentials live elsewhere, so this record can be answered as is.
 *
 * @param roles        sorted OWNER, ADMIN, MEMBER, GUEST
 * @param chatAccounts linked chat accounts, sorted by platform
 */
public record User(UUID id, UUID tenantId, String email, String displayName, String locale, String timeZone,
        List<TenantRole> roles, List<ChatAccount> chatAccounts, UserStatus status, Instant createdAt,
        Instant updatedAt, long version) {

    public User {
        roles = roles.stream().distinct().sorted().toList();
        chatAccounts = chatAccounts.stream()
                .sorted(java.util.Comparator.comparing(ChatAccount::platform)).toList();
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    public boolean isActiveOwner() {
        return isActive() && roles.contains(TenantRole.OWNER);
    }

    public Set<TenantRole> roleSet() {
        return Set.copyOf(roles);
    }

    /** The profile user events carry. */
    public UserProfile profile() {
        return new UserProfile(id, email, displayName, locale, timeZone, roles.stream().map(Enum::name).toList(),
                chatAccounts, status.name());
    }
}
