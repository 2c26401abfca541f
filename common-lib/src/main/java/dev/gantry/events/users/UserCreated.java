package dev.gantry.events.users;

/** {@code gantry.user.created.v1}: a user joined the tenant (sign-up, invitation or creation by an admin). */
public record UserCreated(UserProfile user) {
}
