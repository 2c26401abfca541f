package dev.gantry.events.projects;

import java.util.List;

/** {@code gantry.milestone.updated.v1}: full state after the change, with the changed fields. */
public record MilestoneUpdated(MilestoneState milestone, List<String> changedFields) {

    public MilestoneUpdated {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
