package dev.lalala.user.profile;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Public profiles by id and by handle; the caller's own profile, which only they can see in full and change. */
@RestController
@RequestMapping(path = "/api/users", produces = "application/json")
@Tag(name = "Profiles", description = "Users' public profiles, and your own")
class ProfileController {

    private final ProfileRepository profiles;
    private final ProfileEdits edits;

    ProfileController(ProfileRepository profiles, ProfileEdits edits) {
        this.profiles = profiles;
        this.edits = edits;
    }

    // "/me" is a literal, so Spring prefers it to "/{id}"; GET /api/users/* is public, so "me" checks the token itself.
    @GetMapping("/me")
    @Operation(summary = "Your own profile", description = "Needs a token. The only view that shows the email address.",
            security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "200", description = "Your profile")
    @ApiResponse(responseCode = "401", description = "No valid token", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    MyProfile me(Authentication authentication) {
        UUID me = CurrentUser.of(authentication).id();
        return profiles.find(me).orElseThrow(() -> ApiException.notFound("User", me)).toMine();
    }

    @PatchMapping(path = "/me", consumes = "application/json")
    @Operation(summary = "Change your display name or bio", security = @SecurityRequirement(name = "bearer"),
            description = "Fields left out stay as they are. Publishes ProfileUpdated.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ProfileChanges.class))))
    @ApiResponse(responseCode = "200", description = "Your profile as it now is")
    @ApiResponse(responseCode = "400", description = "A field breaks a rule; `errors` lists each", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "401", description = "No valid token", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    MyProfile editMine(Authentication authentication, @RequestBody JsonNode body) {
        UUID me = CurrentUser.of(authentication).id();
        return edits.edit(me, ProfileChanges.parse(body)).toMine();
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    @Operation(summary = "Change a profile by id: only your own", security = @SecurityRequirement(name = "bearer"),
            description = "The same as PATCH /api/users/me when the id is yours; 403 for anyone else's.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = ProfileChanges.class))))
    @ApiResponse(responseCode = "200", description = "Your profile as it now is")
    @ApiResponse(responseCode = "403", description = "Not your profile", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    MyProfile edit(Authentication authentication, @PathVariable UUID id, @RequestBody JsonNode body) {
        CurrentUser caller = CurrentUser.of(authentication);
        caller.mustOwn(id, "profile");
        return edits.edit(id, ProfileChanges.parse(body)).toMine();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A user's profile, by id", description = "Public.")
    @ApiResponse(responseCode = "200", description = "The profile")
    @ApiResponse(responseCode = "400", description = "The id is not a UUID",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such user",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Profile byId(@PathVariable UUID id) {
        return profiles.findById(id).orElseThrow(() -> ApiException.notFound("User", id));
    }

    @GetMapping("/by-handle/{handle}")
    @Operation(summary = "A user's profile, by handle", description = "Public. The handle is matched case-insensitively.")
    @ApiResponse(responseCode = "200", description = "The profile")
    @ApiResponse(responseCode = "400", description = "Not a possible handle (3 to 30 letters, digits or underscores)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No user has this handle",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    Profile byHandle(@PathVariable @Parameter(example = "mina_beats")
            @Pattern(regexp = Handle.REGEX, message = "must be 3 to 30 letters, digits or underscores") String handle) {
        return profiles.findByHandle(Handle.normalize(handle))
                .orElseThrow(() -> ApiException.notFound("User", "@" + handle));
    }
}
