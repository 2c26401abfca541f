package dev.gantry.events.projects;

import java.util.UUID;

/** {@code gantry.release.stage-entered.v1}: the release moved into {@code stageId} (its preconditions held). */
public record ReleaseStageEntered(ReleaseState release, UUID stageId) {
}
