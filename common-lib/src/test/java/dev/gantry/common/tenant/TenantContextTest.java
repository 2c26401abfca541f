package dev.gantry.common.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class TenantContextTest {

    private static final UUID ACME = UUID.fromString("0190c8a2-7e4b-7cc1-9d1e-2f3a4b5c6d7e");
    private static final UUID GLOBEX = UUID.fromString("0190c8a2-7e4b-7cc1-9d1e-000000000002");
    private static final UUID INITECH = UUID.fromString("0190c8a2-7e4b-7cc1-9d1e-000000000003");

    @AfterEach
    void clearSecurityContext() {
        SecurityContextHolder.clearContext();
    }

    private static void authenticateWithTenant(String tid) {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("user-1").claim("tid", tid).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
    }

    @Test
    void hasNoTenantOutsideAnyScopeWithoutAuthentication() {
        assertThat(TenantContext.currentTenant()).isEmpty();
        assertThatThrownBy(TenantContext::requireTenant).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callAsSetsTheTenantForTheWorkAndReturnsItsResult() {
        Optional<UUID> inside = TenantContext.callAs(ACME, TenantContext::currentTenant);

        assertThat(inside).contains(ACME);
        assertThat(TenantContext.currentTenant()).isEmpty();
    }

    @Test
    void runAsSetsTheTenantForTheWork() {
        AtomicReference<UUID> seen = new AtomicReference<>();

        TenantContext.runAs(ACME, () -> seen.set(TenantContext.requireTenant()));

        assertThat(seen).hasValue(ACME);
        assertThat(TenantContext.currentTenant()).isEmpty();
    }

    @Test
    void nestedCallsRestoreTheOuterTenant() {
        TenantContext.runAs(ACME, () -> {
            assertThat(TenantContext.callAs(GLOBEX, TenantContext::requireTenant)).isEqualTo(GLOBEX);
            assertThat(TenantContext.currentTenant()).contains(ACME);
            TenantContext.runAs(GLOBEX, () -> TenantContext.runAs(INITECH,
                    () -> assertThat(TenantContext.currentTenant()).contains(INITECH)));
            assertThat(TenantContext.currentTenant()).contains(ACME);
        });
        assertThat(TenantContext.currentTenant()).isEmpty();
    }

    @Test
    void restoresThePreviousTenantWhenTheWorkThrows() {
        TenantContext.runAs(ACME, () -> {
            assertThatThrownBy(() -> TenantContext.runAs(GLOBEX, () -> {
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(TenantContext.currentTenant()).contains(ACME);
        });

        assertThatThrownBy(() -> TenantContext.callAs(ACME, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(TenantContext.currentTenant()).isEmpty();
    }

    @Test
    void refusesANullTenant() {
        assertThatThrownBy(() -> TenantContext.callAs(null, () -> "work")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void doesNotLeakAScopeIntoAnotherThread() throws Exception {
        AtomicReference<Optional<UUID>> other = new AtomicReference<>();

        TenantContext.runAs(ACME, () -> {
            Thread thread = Thread.ofVirtual().start(() -> other.set(TenantContext.currentTenant()));
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(other.get()).isEmpty();
    }

    @Test
    void takesTheTenantFromTheCallersToken() {
        authenticateWithTenant(ACME.toString());

        assertThat(TenantContext.currentTenant()).contains(ACME);
        assertThat(TenantContext.requireTenant()).isEqualTo(ACME);
    }

    @Test
    void hasNoTenantWhenTheTokensTidIsNotAUuid() {
        authenticateWithTenant("acme");

        assertThat(TenantContext.currentTenant()).isEmpty();
    }

    @Test
    void anExplicitScopeWinsOverTheToken() {
        authenticateWithTenant(ACME.toString());

        assertThat(TenantContext.callAs(GLOBEX, TenantContext::currentTenant)).contains(GLOBEX);
        assertThat(TenantContext.currentTenant()).contains(ACME);
    }
}
