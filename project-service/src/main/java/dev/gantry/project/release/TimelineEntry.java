package dev.gantry.project.release;

import java.time.Instant;
import java.util.UUID;

/** One action in a release's timeline: who did what when. */
public record TimelineEntry(UUID id, Instant at, UUID actorId, String action, UUID stageId, String detail) {
}
