package dev.gantry.events.projects;

/** {@code gantry.release.started.v1}: a go-live run started from a template; its first stage is active. */
public record ReleaseStarted(ReleaseState release) {
}
