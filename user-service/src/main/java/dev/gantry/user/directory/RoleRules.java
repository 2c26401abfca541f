package dev.gantry.user.directory;

import java.util.Set;

import org.springframework.http.HttpStatus;

import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;

/** Who may manage users and roles, and the invariant that an organisation always keeps an active owner. */
public final class RoleRules {

    private RoleRules() {
    }

    /** The user directory is for people of the organisation; a guest sees only what they were invited to. */
    public static void requireCanBrowseDirectory(Caller caller) {
        if (!(caller.isAdmin() || caller.roles().contains(TenantRole.MEMBER))) {
            throw forbidden("Guests cannot browse the user directory of the organisation.");
        }
    }

    public static void requireCanManageUsers(Caller caller) {
        if (!caller.isAdmin()) {
            throw forbidden("Only owners and admins manage the users of the organisation.");
        }
    }

    /** Ownership is granted and taken away only by an owner; admins manage the other roles. */
    public static void requireCanAssign(Caller caller, Set<TenantRole> before, Set<TenantRole> after) {
        requireCanManageUsers(caller);
        boolean ownershipChanges = before.contains(TenantRole.OWNER) != after.contains(TenantRole.OWNER);
        if (ownershipChanges && !caller.isOwner()) {
            throw forbidden("Only an owner grants or removes the OWNER role.");
        }
    }

    /** Disabling or deleting an owner is an owner's decision, like removing ownership. */
    public static void requireCanRemove(Caller caller, User target) {
        requireCanManageUsers(caller);
        if (target.roles().contains(TenantRole.OWNER) && !caller.isOwner()) {
            throw forbidden("Only an owner disables or deletes another owner.");
        }
        if (target.id().equals(caller.userId())) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("cannot-remove-self"),
                    "Cannot disable or delete yourself", "Ask another owner or admin to do this.");
        }
    }

    /**
     * Refuses a change that would leave the organisation without an active owner.
     *
     * @param activeOwners active owners now, including the target when it is one
     * @param targetIsActiveOwner whether the user being changed is an active owner now
     * @param targetStaysActiveOwner whether they are still one after the change
     */
    public static void requireAnOwnerRemains(long activeOwners, boolean targetIsActiveOwner,
            boolean targetStaysActiveOwner) {
        if (targetIsActiveOwner && !targetStaysActiveOwner && activeOwners <= 1) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("last-owner"), "Last owner",
                    "This is the organisation's last active owner; make someone else an owner first.");
        }
    }

    private static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden", detail);
    }
}
