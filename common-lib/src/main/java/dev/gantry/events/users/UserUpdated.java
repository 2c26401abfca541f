package dev.gantry.events.users;

import java.util.List;

/** {@code gantry.user.updated.v1}: profile, roles or chat links changed; full profile plus the changed fields. */
public record UserUpdated(UserProfile user, List<String> changedFields) {

    public UserUpdated {
        changedFields = changedFields == null ? List.of() : List.copyOf(changedFields);
    }
}
