package dev.gantry.common.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.events.projects.ProjectRole;

class ProjectAccessTest {

    private final UUID tenant = UUID.randomUUID();
    private final UUID project = UUID.randomUUID();
    private final UUID viewer = UUID.randomUUID();
    private final UUID manager = UUID.randomUUID();
    private final KnownMembers members = new KnownMembers(Map.of(viewer, ProjectRole.VIEWER,
            manager, ProjectRole.MANAGER));
    private final ProjectAccess access = new ProjectAccess(members);

    @Test
    void rolesAreOrderedManagerOverMemberOverViewer() {
        assertThat(ProjectAction.READ.permits(ProjectRole.VIEWER)).isTrue();
        assertThat(ProjectAction.EDIT.permits(ProjectRole.VIEWER)).isFalse();
        assertThat(ProjectAction.EDIT.permits(ProjectRole.MEMBER)).isTrue();
        assertThat(ProjectAction.MANAGE.permits(ProjectRole.MEMBER)).isFalse();
        assertThat(ProjectAction.MANAGE.permits(ProjectRole.MANAGER)).isTrue();
    }

    @Test
    void aViewerReadsButCannotEdit() {
        assertThat(access.require(user(viewer, "MEMBER"), project, ProjectAction.READ)).contains(ProjectRole.VIEWER);
        assertThatThrownBy(() -> access.require(user(viewer, "MEMBER"), project, ProjectAction.EDIT))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(403));
    }

    @Test
    void aNonMemberIsToldTheProjectDoesNotExist() {
        assertThatThrownBy(() -> access.require(user(UUID.randomUUID(), "MEMBER"), project, ProjectAction.READ))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
        assertThat(access.allows(user(UUID.randomUUID(), "OWNER"), UUID.randomUUID(), ProjectAction.READ)).isFalse();
    }

    @Test
    void tenantAdminsManageEveryProjectOfTheirTenantWithoutBeingMembers() {
        assertThat(access.require(user(UUID.randomUUID(), "ADMIN"), project, ProjectAction.MANAGE)).isEmpty();
        assertThat(access.readScope(user(UUID.randomUUID(), "OWNER")).wholeTenant()).isTrue();
        assertThat(access.readScope(user(viewer, "MEMBER")).projectIds()).containsExactly(project);
        assertThat(access.readScope(user(UUID.randomUUID(), "GUEST")).includes(project)).isFalse();
    }

    @Test
    void aTokenWithoutTenantMayDoNoProjectWork() {
        CurrentUser platformClient = new CurrentUser("search-service", Optional.empty(), Set.of(), Set.of());
        assertThatThrownBy(() -> access.readScope(platformClient)).isInstanceOfSatisfying(
                ErrorResponseException.class, e -> assertThat(e.getStatusCode().value()).isEqualTo(403));
        assertThat(access.allows(platformClient, project, ProjectAction.READ)).isFalse();
    }

    private CurrentUser user(UUID id, String tenantRole) {
        return new CurrentUser(id.toString(), Optional.of(tenant), Set.of(tenantRole), Set.of());
    }

    /** The projection as it would read for one project, without a database. */
    private final class KnownMembers extends ProjectMembership {

        private final Map<UUID, ProjectRole> roles;

        KnownMembers(Map<UUID, ProjectRole> roles) {
            super(null);
            this.roles = new HashMap<>(roles);
        }

        @Override
        public Optional<ProjectRole> roleOf(UUID projectId, UUID userId) {
            return projectId.equals(project) ? Optional.ofNullable(roles.get(userId)) : Optional.empty();
        }

        @Override
        public boolean exists(UUID projectId) {
            return projectId.equals(project);
        }

        @Override
        public List<UUID> projectsOf(UUID userId) {
            return roles.containsKey(userId) ? List.of(project) : List.of();
        }
    }
}
