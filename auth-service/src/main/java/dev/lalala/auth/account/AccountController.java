package dev.lalala.auth.account;

import dev.lalala.auth.session.AccessTokens;
import dev.lalala.auth.web.ClientAddress;
import dev.lalala.defaults.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up, email verification, password change and reset, account deletion. */
@RestController
@Tag(name = "Accounts", description = "Sign-up, email verification, passwords, deleting the account")
class AccountController {

    private final Accounts accounts;
    private final ClientAddress clientAddress;

    AccountController(Accounts accounts, ClientAddress clientAddress) {
        this.accounts = accounts;
        this.clientAddress = clientAddress;
    }

    record SignUpRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String password,
            @Schema(description = "1 to 50 characters, one line") @NotNull @DisplayName String displayName) {

        @Override
        public String toString() {
            return "SignUpRequest[displayName=" + displayName + "]";
        }
    }

    @Schema(description = "The new account")
    record SignUpResponse(UUID userId, String handle) {
    }

    record EmailRequest(@NotBlank @Email @Size(max = 254) String email) {
    }

    record TokenRequest(@NotBlank @Size(max = 200) String token) {
    }

    record ChangePasswordRequest(@NotBlank @Size(max = PasswordPolicy.MAX_LENGTH) String currentPassword,
            @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String newPassword) {

        @Override
        public String toString() {
            return "ChangePasswordRequest[***]";
        }
    }

    record ResetPasswordRequest(@NotBlank @Size(max = 200) String token,
            @NotBlank @Size(min = PasswordPolicy.MIN_LENGTH, max = PasswordPolicy.MAX_LENGTH) String newPassword) {

        @Override
        public String toString() {
            return "ResetPasswordRequest[***]";
        }
    }

    record DeleteAccountRequest(@NotBlank @Size(max = PasswordPolicy.MAX_LENGTH) String password) {

        @Override
        public String toString() {
            return "DeleteAccountRequest[***]";
        }
    }

    @PostMapping("/api/auth/signup")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Sign up", description = """
            Creates the account and sends a verification mail. Password: 10 to 128 characters, not a common one. \
            The same email twice is a 409 `email-unavailable` problem.""")
    @ApiResponse(responseCode = "201", description = "Created; the verification mail is on its way")
    @ApiResponse(responseCode = "400", description = "Invalid fields (the weak password among them)")
    @ApiResponse(responseCode = "409", description = "The email cannot be used")
    SignUpResponse signUp(@Valid @RequestBody SignUpRequest request) {
        Accounts.SignedUp created = accounts.signUp(request.email(), request.password(), request.displayName());
        return new SignUpResponse(created.userId(), created.handle());
    }

    @PostMapping("/api/auth/email/verify")
    @Operation(summary = "Verify the email", description = "With the token from the verification mail's link. Single use.")
    @ApiResponse(responseCode = "204", description = "Verified; the next access token (refresh) says so")
    @ApiResponse(responseCode = "400", description = "`invalid-token`: unknown, used or expired")
    ResponseEntity<Void> verify(@Valid @RequestBody TokenRequest request) {
        accounts.verifyEmail(request.token());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/auth/email/verification")
    @Operation(summary = "Send the verification mail again", description = """
            Always 202, whether or not the email has an account (nothing to learn here). One request per email per \
            minute, else 429 with Retry-After.""")
    @ApiResponse(responseCode = "202", description = "If the email has an unverified account, a new mail is on its way")
    @ApiResponse(responseCode = "429", description = "Asked too recently")
    ResponseEntity<Void> resend(@Valid @RequestBody EmailRequest request) {
        accounts.resendVerification(request.email());
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/api/auth/password")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Change the password", description = "Ends every other session of the account.")
    @ApiResponse(responseCode = "204", description = "Changed")
    @ApiResponse(responseCode = "401", description = "The current password is wrong")
    @ApiResponse(responseCode = "429", description = "Too many wrong passwords")
    ResponseEntity<Void> changePassword(@AuthenticationPrincipal Jwt jwt,
            @Valid @RequestBody ChangePasswordRequest request, HttpServletRequest http) {
        CurrentUser user = CurrentUser.of(jwt);
        accounts.changePassword(user.id(), session(jwt), request.currentPassword(), request.newPassword(),
                clientAddress.of(http));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/auth/password/reset-request")
    @Operation(summary = "Forgot the password", description = """
            Sends a reset link if the email has an account. Always 202; one request per email per minute, else 429.""")
    @ApiResponse(responseCode = "202", description = "If the email has an account, the mail is on its way")
    ResponseEntity<Void> requestReset(@Valid @RequestBody EmailRequest request) {
        accounts.requestPasswordReset(request.email());
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/api/auth/password/reset")
    @Operation(summary = "Set a new password with the reset link's token", description = "Ends every session.")
    @ApiResponse(responseCode = "204", description = "Changed")
    @ApiResponse(responseCode = "400", description = "`invalid-token`, or the new password is refused")
    ResponseEntity<Void> reset(@Valid @RequestBody ResetPasswordRequest request) {
        accounts.resetPassword(request.token(), request.newPassword());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/auth/account")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Delete the account", description = """
            With the password. Credentials and sessions go at once; UserDeleted tells the other services to remove \
            or anonymise what they hold.""")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "401", description = "The password is wrong")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody DeleteAccountRequest request,
            HttpServletRequest http) {
        accounts.delete(CurrentUser.of(jwt).id(), request.password(), clientAddress.of(http));
        return ResponseEntity.noContent().build();
    }

    private static UUID session(Jwt jwt) {
        String sid = jwt.getClaimAsString(AccessTokens.SESSION_CLAIM);
        try {
            return sid == null ? null : UUID.fromString(sid);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
