package dev.gantry.events.projects;

import dev.gantry.events.EventType;
import dev.gantry.events.Topics;

/** The milestone events project-service publishes on {@value Topics#PROJECTS}; the aggregate is the milestone. */
public final class MilestoneEvents {

    public static final EventType<MilestoneCreated> CREATED =
            new EventType<>("gantry.milestone.created.v1", Topics.PROJECTS, MilestoneCreated.class);
    public static final EventType<MilestoneUpdated> UPDATED =
            new EventType<>("gantry.milestone.updated.v1", Topics.PROJECTS, MilestoneUpdated.class);
    public static final EventType<MilestoneDeleted> DELETED =
            new EventType<>("gantry.milestone.deleted.v1", Topics.PROJECTS, MilestoneDeleted.class);

    private MilestoneEvents() {
    }
}
