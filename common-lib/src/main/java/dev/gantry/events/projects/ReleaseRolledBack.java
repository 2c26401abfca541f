package dev.gantry.events.projects;

/** {@code gantry.release.rolled-back.v1}: the release was rolled back (回滚), with the reason given. */
public record ReleaseRolledBack(ReleaseState release, String reason) {
}
