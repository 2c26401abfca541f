package dev.gantry.project.release;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.gantry.events.projects.ProjectMember;
import dev.gantry.events.projects.ProjectRole;

/** Who someone is for approval rules: their id, their project role (null when not a member) and duties. */
public record Qualification(UUID userId, ProjectRole role, Set<String> duties) {

    public Qualification {
        duties = duties == null ? Set.of() : Set.copyOf(duties);
    }

    public static Qualification of(ProjectMember member) {
        return new Qualification(member.userId(), member.role(), Set.copyOf(member.duties()));
    }

    public static Qualification outsider(UUID userId) {
        return new Qualification(userId, null, Set.of());
    }

    static List<Qualification> of(List<ProjectMember> members) {
        return members.stream().map(Qualification::of).toList();
    }
}
