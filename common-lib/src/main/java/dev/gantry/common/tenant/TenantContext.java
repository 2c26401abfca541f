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

    private static final ThreadLocal<Scope> EXPLICIT = new ThreadLocal<>();
    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.oauth2.jwt.Jwt", TenantContext.class.getClassLoader());

    private TenantContext() {
    }

    /** An explicit scope: the tenant, and who the work is done for (the actor of an event being handled). */
    private record Scope(UUID tenantId, String actor) {
    }

    public static Optional<UUID> currentTenant() {
        Scope explicit = EXPLICIT.get();
        if (explicit != null) {
            return Optional.of(explicit.tenantId());
        }
        return SECURITY_PRESENT ? CurrentUser.current().flatMap(CurrentUser::tenantId) : Optional.empty();
    }

    /** Who the current work is done for: the explicit scope's actor, else the calling user, else {@code system}. */
    public static String currentActor() {
        Scope explicit = EXPLICIT.get();
        if (explicit != null && explicit.actor() != null) {
            return explicit.actor();
        }
        return (SECURITY_PRESENT ? CurrentUser.current().map(CurrentUser::subject) : Optional.<String>empty())
                .orElse("system");
    }

    public static UUID requireTenant() {
        return currentTenant().orElseThrow(() -> new IllegalStateException("No tenant in this unit of work"));
    }

    /** Runs work on behalf of a tenant; transactions started inside see only that tenant's rows. */
    public static <T> T callAs(UUID tenantId, Supplier<T> work) {
        return callAs(tenantId, null, work);
    }

    /** Runs work on behalf of a tenant and an actor (e.g. the user whose change an event reports). */
    public static <T> T callAs(UUID tenantId, String actor, Supplier<T> work) {
        Objects.requireNonNull(tenantId, "tenantId");
        Scope previous = EXPLICIT.get();
        EXPLICIT.set(new Scope(tenantId, actor));
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
