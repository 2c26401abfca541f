package dev.gantry.events.users;

import java.util.List;
import java.util.UUID;

/**
 * A user's full profile as user events carry it.
 *
 * @param locale   {@code zh-CN} or {@code en}
 * @param timeZone an IANA zone id such as {@code Asia/Shanghai}
 * @param roles    tenant roles: OWNER, ADMIN, MEMBER, GUEST
 * @param status   ACTIVE or DISABLED
 */
public record UserProfile(UUID userId, String email, String displayName, String locale, String timeZone,
        List<String> roles, List<ChatAccount> chatAccounts, String status) {

    public UserProfile {
        roles = roles == null ? List.of() : List.copyOf(roles);
        chatAccounts = chatAccounts == null ? List.of() : List.copyOf(chatAccounts);
    }
}
