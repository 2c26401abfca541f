package dev.gantry.events.projects;

/** {@code gantry.release.aborted.v1}: the release was abandoned before going live, with the reason given. */
public record ReleaseAborted(ReleaseState release, String reason) {
}
