package dev.gantry.notification.reminder;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A running release as reminders need it: the stage awaiting approval since when, and by whom. */
public record TrackedRelease(UUID releaseId, UUID projectId, String projectKey, String name, String versionLabel,
        String status, UUID awaitingStageId, String awaitingStageName, Instant awaitingSince, List<UUID> approverIds) {

    public String label() {
        return versionLabel == null || versionLabel.isBlank() ? name : name + " " + versionLabel;
    }
}
