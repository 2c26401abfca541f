package dev.gantry.user.directory;

import java.util.List;
import java.util.UUID;

/** A user as the directory lookup for pickers shows them. */
public record UserSummary(UUID id, String email, String displayName, List<TenantRole> roles, UserStatus status) {
}
