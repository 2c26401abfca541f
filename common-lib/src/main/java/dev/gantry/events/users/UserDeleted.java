package dev.gantry.events.users;

import java.util.UUID;

/** {@code gantry.user.deleted.v1}: the user was removed from the tenant. */
public record UserDeleted(UUID userId) {
}
