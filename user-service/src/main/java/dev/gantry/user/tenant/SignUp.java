package dev.gantry.user.tenant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import static dev.gantry.user.directory.UserRequests.EMAIL;
import static dev.gantry.user.directory.UserRequests.NAME;
import static dev.gantry.user.directory.UserRequests.NAME_MESSAGE;

/** Self-service sign-up: a new organisation and its first user, who becomes its owner. */
record SignUp(
        @NotBlank @Size(max = 100) @Pattern(regexp = NAME, message = NAME_MESSAGE) String organisationName,
        @NotBlank @Email @Pattern(regexp = EMAIL, message = "must be an e-mail address")
        @Size(max = 254) String email,
        @NotBlank @Size(max = 100) @Pattern(regexp = NAME, message = NAME_MESSAGE) String displayName,
        @Size(max = 10) String locale,
        @Size(max = 64) String timeZone,
        @NotNull @Size(max = 200) String password) {
}
