package dev.gantry.events.users;

/** {@code gantry.user.disabled.v1}: the user can no longer sign in; their tokens and sessions stop working. */
public record UserDisabled(UserProfile user) {
}
