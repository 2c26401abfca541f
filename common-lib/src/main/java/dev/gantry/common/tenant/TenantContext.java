package dev.gantry.common.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.util.ClassUtils;

import dev.gantry.common.security.CurrentUser;

/**
 * The tenant whose data the current unit of work may see. It comes from the caller's token, or, for work no user
 * requested (an event being consumed, a scheduled job), from an explicit {@link #callAs} scope.
 */
public final class TenantContext {

    private static final ThreadLocal<UUID> EXPLICIT = new ThreadLocal<>();
    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.oauth2.jwt.Jwt", TenantContext.class.getClassLoader());

    private TenantContext() {
    }

    public static Optional<UUID> currentTenant() {
        UUID explicit = EXPLICIT.get();
        if (explicit != null) {
            return Optional.of(explicit);
        }
        return SECURITY_PRESENT ? CurrentUser.current().flatMap(CurrentUser::tenantId) : Optional.empty();
    }

    public static UUID requireTenant() {
        return currentTenant().orElseThrow(() -> new IllegalStateException("No tenant in this unit of work"));
    }

    /** Runs work on behalf of a tenant; transactions started inside see only that tenant's rows. */
    public static <T> T callAs(UUID tenantId, Supplier<T> work) {
        Objects.requireNonNull(tenantId, "tenantId");
        UUID previous = EXPLICIT.get();
        EXPLICIT.set(tenantId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                EXPLICIT.remove();
            } else {
                EXPLICIT.set(previous);
            }
        }
    }

    public static void runAs(UUID tenantId, Runnable work) {
        callAs(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
