package dev.gantry.task.task;

import java.time.Instant;
import java.util.UUID;

/** One field change in a task's history: who, when, at which task version, from what to what. */
public record TaskActivity(UUID id, long version, String actorId, Instant at, String field, String oldValue,
        String newValue) {
}
