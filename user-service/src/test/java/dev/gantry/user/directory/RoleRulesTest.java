package dev.gantry.user.directory;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.common.web.ProblemException;

class RoleRulesTest {

    static final UUID TENANT = UUID.randomUUID();

    static Caller caller(TenantRole... roles) {
        return new Caller(UUID.randomUUID(), TENANT, Set.of(roles));
    }

    static User user(TenantRole... roles) {
        return new User(UUID.randomUUID(), TENANT, "u@example.com", "U", "en", "UTC", List.of(roles), List.of(),
                UserStatus.ACTIVE, Instant.EPOCH, Instant.EPOCH, 1);
    }

    @Test
    void guestsCannotBrowseTheDirectoryButMembersCan() {
        assertThatThrownBy(() -> RoleRules.requireCanBrowseDirectory(caller(TenantRole.GUEST)))
                .isInstanceOf(ProblemException.class).hasMessageContaining("403");
        assertThatCode(() -> RoleRules.requireCanBrowseDirectory(caller(TenantRole.MEMBER))).doesNotThrowAnyException();
        assertThatCode(() -> RoleRules.requireCanBrowseDirectory(caller(TenantRole.ADMIN))).doesNotThrowAnyException();
    }

    @Test
    void onlyOwnersAndAdminsManageUsers() {
        assertThatThrownBy(() -> RoleRules.requireCanManageUsers(caller(TenantRole.MEMBER)))
                .isInstanceOf(ProblemException.class);
        assertThatCode(() -> RoleRules.requireCanManageUsers(caller(TenantRole.ADMIN))).doesNotThrowAnyException();
    }

    @Test
    void adminsAssignAnyRoleButOwner() {
        Caller admin = caller(TenantRole.ADMIN);
        assertThatCode(() -> RoleRules.requireCanAssign(admin, Set.of(TenantRole.MEMBER),
                Set.of(TenantRole.ADMIN, TenantRole.MEMBER))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RoleRules.requireCanAssign(admin, Set.of(TenantRole.MEMBER), Set.of(TenantRole.OWNER)))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> RoleRules.requireCanAssign(admin, Set.of(TenantRole.OWNER), Set.of(TenantRole.ADMIN)))
                .isInstanceOf(ProblemException.class);
        // an owner who stays an owner may have other roles changed by an admin
        assertThatCode(() -> RoleRules.requireCanAssign(admin, Set.of(TenantRole.OWNER),
                Set.of(TenantRole.OWNER, TenantRole.ADMIN))).doesNotThrowAnyException();
        assertThatCode(() -> RoleRules.requireCanAssign(caller(TenantRole.OWNER), Set.of(TenantRole.MEMBER),
                Set.of(TenantRole.OWNER))).doesNotThrowAnyException();
    }

    @Test
    void theLastActiveOwnerStays() {
        assertThatThrownBy(() -> RoleRules.requireAnOwnerRemains(1, true, false))
                .isInstanceOf(ProblemException.class).hasMessageContaining("409");
        assertThatCode(() -> RoleRules.requireAnOwnerRemains(2, true, false)).doesNotThrowAnyException();
        assertThatCode(() -> RoleRules.requireAnOwnerRemains(1, true, true)).doesNotThrowAnyException();
        assertThatCode(() -> RoleRules.requireAnOwnerRemains(1, false, false)).doesNotThrowAnyException();
    }

    @Test
    void ownersAreRemovedOnlyByOwnersAndNobodyRemovesThemself() {
        User owner = user(TenantRole.OWNER);
        assertThatThrownBy(() -> RoleRules.requireCanRemove(caller(TenantRole.ADMIN), owner))
                .isInstanceOf(ProblemException.class);
        assertThatCode(() -> RoleRules.requireCanRemove(caller(TenantRole.OWNER), owner)).doesNotThrowAnyException();
        User admin = user(TenantRole.ADMIN);
        Caller self = new Caller(admin.id(), TENANT, Set.of(TenantRole.ADMIN));
        assertThatThrownBy(() -> RoleRules.requireCanRemove(self, admin)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("409");
    }
}
