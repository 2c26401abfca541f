package dev.gantry.user.tenant;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.gantry.user.directory.UserRequests;

/** An owner or admin changes the organisation's settings; a null field stays as it is. */
record TenantChange(
        @Size(max = 100) @Pattern(regexp = UserRequests.NAME, message = UserRequests.NAME_MESSAGE) String name,
        Boolean mfaRequired) {
}
