package dev.gantry.user.directory;

/** A user's role in their tenant (organisation); a user holds one or more. */
public enum TenantRole {
    /** Owns the organisation: everything an admin may do, plus granting and removing ownership. */
    OWNER,
    /** Manages users and reads and manages everything in the tenant. */
    ADMIN,
    /** A regular team member. */
    MEMBER,
    /** Sees only projects they are explicitly a member of, read-only; cannot browse the user directory. */
    GUEST
}
