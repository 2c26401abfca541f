package dev.gantry.events.projects;

import java.util.UUID;

/** A stage (阶段) of a running release, in order ({@code position} from 0). */
public record ReleaseStage(UUID stageId, String name, int position, ProjectRole ownerRole, StageStatus status) {
}
