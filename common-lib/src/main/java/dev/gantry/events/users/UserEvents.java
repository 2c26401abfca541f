package dev.gantry.events.users;

import dev.gantry.events.EventType;
import dev.gantry.events.Topics;

/** The user events user-service publishes on {@value Topics#USERS}; the aggregate (and key) is the user. */
public final class UserEvents {

    public static final EventType<UserCreated> CREATED =
            new EventType<>("gantry.user.created.v1", Topics.USERS, UserCreated.class);
    public static final EventType<UserUpdated> UPDATED =
            new EventType<>("gantry.user.updated.v1", Topics.USERS, UserUpdated.class);
    public static final EventType<UserDisabled> DISABLED =
            new EventType<>("gantry.user.disabled.v1", Topics.USERS, UserDisabled.class);
    public static final EventType<UserDeleted> DELETED =
            new EventType<>("gantry.user.deleted.v1", Topics.USERS, UserDeleted.class);

    private UserEvents() {
    }
}
