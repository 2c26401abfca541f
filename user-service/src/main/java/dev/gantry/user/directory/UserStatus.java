package dev.gantry.user.directory;

/** Whether a user may use Gantry; a disabled user keeps their history but can do nothing. */
public enum UserStatus {
    ACTIVE, DISABLED
}
