package dev.gantry.user.tenant;

import java.time.Instant;
import java.util.UUID;

/** An organisation (租户 / 组织) using Gantry; every other row of every service belongs to exactly one. */
public record Tenant(UUID id, String name, boolean mfaRequired, Instant createdAt, Instant updatedAt, long version) {
}
