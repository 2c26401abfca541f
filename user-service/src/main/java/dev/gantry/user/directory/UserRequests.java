package dev.gantry.user.directory;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.gantry.events.users.ChatPlatform;

/** What clients send to the user directory; sizes are capped so no request can make a row or a batch unbounded. */
public final class UserRequests {

    /** No control characters (line breaks, NUL) and at least one visible character. */
    public static final String NAME = "[^\\p{Cntrl}]*[^\\s\\p{Cntrl}][^\\p{Cntrl}]*";
    public static final String NAME_MESSAGE = "must contain a visible character and no control characters";
    /** A deliverable-looking address: something@domain.tld, as bean validation's @Email alone accepts a@b. */
    public static final String EMAIL = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

    private UserRequests() {
    }

    /** An admin creates a user, optionally with an initial password (checked by the password policy). */
    public record NewUser(
            @NotBlank @Email @Pattern(regexp = EMAIL, message = "must be an e-mail address") @Size(max = 254)
            String email,
            @NotBlank @Size(max = 100) @Pattern(regexp = NAME, message = NAME_MESSAGE) String displayName,
            @NotEmpty @Size(max = 4) List<@NotNull TenantRole> roles,
            @Size(max = 10) String locale,
            @Size(max = 64) String timeZone,
            @Size(max = 200) String password) {
    }

    /** The caller edits their own profile; a null field stays as it is. */
    public record ProfileChange(
            @Size(max = 100) @Pattern(regexp = NAME, message = NAME_MESSAGE) String displayName,
            @Size(max = 10) String locale,
            @Size(max = 64) String timeZone) {
    }

    /** The complete new set of a user's tenant roles. */
    public record RoleChange(@NotEmpty @Size(max = 4) List<@NotNull TenantRole> roles) {
    }

    /** The caller's account id on a chat platform. */
    public record ChatLink(
            @NotBlank @Size(max = 128) @Pattern(regexp = "[^\\s\\p{Cntrl}]+", message = "must not contain spaces")
            String accountId) {
    }

    /** One row of an admin's import: whose account (by e-mail), on which platform. */
    public record ImportedChatLink(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull ChatPlatform platform,
            @NotBlank @Size(max = 128) @Pattern(regexp = "[^\\s\\p{Cntrl}]+", message = "must not contain spaces")
            String accountId) {
    }

    /** An admin links many users' chat accounts at once, e.g. exported from the DingTalk admin console. */
    public record ChatLinkImport(@NotEmpty @Size(max = 1000) List<@NotNull @Valid ImportedChatLink> links) {
    }

    /** What an import changed. */
    public record ChatLinkImportResult(int linked, int unchanged, int usersUpdated) {
    }
}
