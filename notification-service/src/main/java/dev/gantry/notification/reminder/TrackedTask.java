package dev.gantry.notification.reminder;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A task as reminders need it. */
public record TrackedTask(UUID taskId, UUID projectId, String key, String title, UUID assigneeId,
        List<UUID> watcherIds, LocalDate dueDate, String statusCategory, UUID releaseId, UUID stageId) {

    public boolean done() {
        return "DONE".equals(statusCategory);
    }
}
