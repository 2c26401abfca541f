package dev.gantry.test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A tenant of its own for one test, so tests sharing a database never see each other's rows. */
public record TestTenant(UUID tenantId) {

    public static TestTenant create() {
        return new TestTenant(UUID.randomUUID());
    }

    /** A valid access token of a new user of this tenant with the given tenant roles. */
    public String token(String... roles) {
        return tokenFor(UUID.randomUUID(), roles);
    }

    public String tokenFor(UUID userId, String... roles) {
        return GantryInfrastructure.get().tokens().accessToken(userId, tenantId, List.of(roles), Duration.ofMinutes(10));
    }
}
