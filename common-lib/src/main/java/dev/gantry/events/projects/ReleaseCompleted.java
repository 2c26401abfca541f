package dev.gantry.events.projects;

/** {@code gantry.release.completed.v1}: the last stage was approved; the release is live. */
public record ReleaseCompleted(ReleaseState release) {
}
