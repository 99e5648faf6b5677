package dev.lalala.defaults.problem;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.ProblemDetail;

/**
 * The problem responses of the API docs, written once for every service: put {@code @ProblemResponses.NotFound}
 * on a controller method instead of spelling out the {@code @ApiResponse}.
 */
public final class ProblemResponses {

    public static final String MEDIA_TYPE = "application/problem+json";

    private ProblemResponses() {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "400", description = "A parameter is invalid (RFC 9457 problem)",
            content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    public @interface BadRequest {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "403", description = "Only the owner may do this (RFC 9457 problem)",
            content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    public @interface Forbidden {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "404", description = "No such thing, or not visible to the caller (RFC 9457 problem)",
            content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    public @interface NotFound {
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ApiResponse(responseCode = "409", description = "Conflicts with the current state (RFC 9457 problem)",
            content = @Content(mediaType = MEDIA_TYPE, schema = @Schema(implementation = ProblemDetail.class)))
    public @interface Conflict {
    }
}
