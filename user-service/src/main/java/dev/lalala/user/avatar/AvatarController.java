package dev.lalala.user.avatar;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.user.profile.MyProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Avatars: upload (the image as the raw request body, or a multipart form's {@code file} part), remove, and serve
 * each size. Only the owner may change an avatar; anyone may see it.
 */
@RestController
@RequestMapping("/api/users")
@Tag(name = "Avatars", description = "Profile pictures")
class AvatarController {

    /** Browsers and CDNs may reuse an avatar for a few minutes, then revalidate it cheaply with the ETag. */
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final Avatars avatars;
    private final AvatarProperties properties;

    AvatarController(Avatars avatars, AvatarProperties properties) {
        this.avatars = avatars;
        this.properties = properties;
    }

    @PutMapping(path = "/me/avatar", produces = "application/json")
    @Operation(summary = "Upload your avatar", security = @SecurityRequirement(name = "bearer"), description = """
            The image is the request body itself (any Content-Type, e.g. image/png), or the `file` part of a \
            multipart/form-data body. JPEG, PNG or WebP, recognised from its bytes; at most 5 MB and 8192 pixels a \
            side. It is centre-cropped to a square and stored at 64, 256 and 512 pixels. Publishes ProfileUpdated.""")
    @ApiResponse(responseCode = "200", description = "Your profile, with its avatarUrl")
    @ApiResponse(responseCode = "400", description = "Not a decodable image (`invalid-image`), or too many or too few "
            + "pixels (`image-dimensions`)", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "413", description = "More than the size limit", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "415", description = "Not a JPEG, PNG or WebP image", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    MyProfile uploadMine(Authentication authentication, HttpServletRequest request) throws IOException {
        UUID me = CurrentUser.of(authentication).id();
        return avatars.replace(me, readUpload(request)).toMine();
    }

    @PutMapping(path = "/{id}/avatar", produces = "application/json")
    @Operation(summary = "Upload an avatar by user id: only your own", security = @SecurityRequirement(name = "bearer"),
            description = "As PUT /api/users/me/avatar when the id is yours; 403 for anyone else's.")
    @ApiResponse(responseCode = "403", description = "Not your profile", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    MyProfile upload(Authentication authentication, @PathVariable UUID id, HttpServletRequest request)
            throws IOException {
        // Ownership before reading a byte of the body.
        CurrentUser.of(authentication).mustOwn(id, "avatar");
        return avatars.replace(id, readUpload(request)).toMine();
    }

    @DeleteMapping("/me/avatar")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove your avatar", security = @SecurityRequirement(name = "bearer"),
            description = "Idempotent: 204 whether or not there was one. Publishes ProfileUpdated when there was.")
    @ApiResponse(responseCode = "204", description = "No avatar any more")
    void removeMine(Authentication authentication) {
        avatars.remove(CurrentUser.of(authentication).id());
    }

    @DeleteMapping("/{id}/avatar")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an avatar by user id: only your own", security = @SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "403", description = "Not your profile", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    void remove(Authentication authentication, @PathVariable UUID id) {
        CurrentUser.of(authentication).mustOwn(id, "avatar");
        avatars.remove(id);
    }

    @GetMapping(path = "/{id}/avatar", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "A user's avatar", description = """
            Public. A square JPEG of the given size (64, 256 or 512; 256 by default), with an ETag and \
            `Cache-Control: public, max-age=300`; `If-None-Match` answers 304.""")
    @ApiResponse(responseCode = "200", description = "The image", content = @Content(mediaType = "image/jpeg"))
    @ApiResponse(responseCode = "304", description = "Unchanged since the ETag the client has")
    @ApiResponse(responseCode = "400", description = "Not one of the sizes", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such user, or no avatar", content = @Content(
            mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<byte[]> get(@PathVariable UUID id, @RequestParam(defaultValue = "256") int size,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        if (!properties.getSizes().contains(size)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                    "1 field is invalid").with("errors",
                    List.of(new FieldError("size", "must be one of " + properties.getSizes())));
        }
        byte[] image = avatars.read(id, size).orElseThrow(() -> ApiException.notFound("Avatar of user", id));
        String etag = etag(image);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(CACHE).build();
        }
        return ResponseEntity.ok().eTag(etag).cacheControl(CACHE).contentType(MediaType.IMAGE_JPEG).body(image);
    }

    private byte[] readUpload(HttpServletRequest request) throws IOException {
        long max = properties.getMaxSize().toBytes();
        if (request.getContentLengthLong() > max + multipartAllowance(request)) {
            // Declared too big: refused before reading anything.
            throw UploadBodies.tooLarge(max);
        }
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            Part file;
            try {
                file = request.getPart("file");
            } catch (ServletException e) {
                throw ApiException.badRequest("bad-request", "The multipart body cannot be read.");
            }
            if (file == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                        "1 field is invalid").with("errors", List.of(new FieldError("file", "is required")));
            }
            if (file.getSize() > max) {
                throw UploadBodies.tooLarge(max);
            }
            try (InputStream in = file.getInputStream()) {
                return UploadBodies.readAtMost(in, max);
            }
        }
        try (InputStream in = request.getInputStream()) {
            return UploadBodies.readAtMost(in, max);
        }
    }

    /** A multipart body carries boundaries and part headers around the file: allow for them in Content-Length. */
    private static long multipartAllowance(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/") ? 64 * 1024 : 0;
    }

    private static String etag(byte[] image) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(image);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
