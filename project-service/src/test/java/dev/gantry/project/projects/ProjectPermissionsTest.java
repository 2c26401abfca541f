package dev.gantry.project.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.gantry.common.security.CurrentUser;
import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;

class ProjectPermissionsTest {

    static CurrentUser caller(String role) {
        return new CurrentUser(UUID.randomUUID().toString(), Optional.of(UUID.randomUUID()), Set.of(role), Set.of());
    }

    static Optional<ProjectMember> as(ProjectRole role) {
        return Optional.of(new ProjectMember(UUID.randomUUID(), role, List.of()));
    }

    @Test
    void tenantAdminsSeeAndManageEveryProject() {
        for (String role : List.of("OWNER", "ADMIN")) {
            assertThat(ProjectPermissions.canRead(caller(role), Optional.empty())).isTrue();
            assertThat(ProjectPermissions.canManage(caller(role), Optional.empty())).isTrue();
        }
    }

    @Test
    void membersSeeOnlyTheirProjects() {
        assertThat(ProjectPermissions.canRead(caller("MEMBER"), Optional.empty())).isFalse();
        assertThat(ProjectPermissions.canRead(caller("MEMBER"), as(ProjectRole.VIEWER))).isTrue();
    }

    @Test
    void projectRolesDecideWhoWorksAndWhoManages() {
        assertThat(ProjectPermissions.canWork(caller("MEMBER"), as(ProjectRole.VIEWER))).isFalse();
        assertThat(ProjectPermissions.canWork(caller("MEMBER"), as(ProjectRole.MEMBER))).isTrue();
        assertThat(ProjectPermissions.canManage(caller("MEMBER"), as(ProjectRole.MEMBER))).isFalse();
        assertThat(ProjectPermissions.canManage(caller("MEMBER"), as(ProjectRole.MANAGER))).isTrue();
    }

    @Test
    void guestsOnlyReadEvenAsManagers() {
        assertThat(ProjectPermissions.canRead(caller("GUEST"), as(ProjectRole.MANAGER))).isTrue();
        assertThat(ProjectPermissions.canWork(caller("GUEST"), as(ProjectRole.MANAGER))).isFalse();
        assertThat(ProjectPermissions.canManage(caller("GUEST"), as(ProjectRole.MANAGER))).isFalse();
    }
}
