package dev.lalala.user.profile;

import dev.lalala.defaults.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public profiles, by id and by handle. */
@RestController
@RequestMapping(path = "/api/users", produces = "application/json")
@Tag(name = "Profiles", description = "Users' public profiles")
class ProfileController {

    private final ProfileRepository profiles;

    ProfileController(ProfileRepository profiles) {
        this.profiles = profiles;
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
