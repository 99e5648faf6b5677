package dev.lalala.track.upload;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.Problems;
import dev.lalala.track.TrackProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Errors Tomcat raises while it parses an upload, before any controller runs: too large (413, the body was cut off
 * while streaming) or not parseable, for example a file name with a NUL byte (400 instead of the generic 500).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MultipartProblems {

    private final TrackProperties properties;

    MultipartProblems(TrackProperties properties) {
        this.properties = properties;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        long max = properties.maxUploadSize().toBytes();
        return render(ApiException.payloadTooLarge("Songs may be at most " + max / (1024 * 1024) + " MB.")
                .with("maxBytes", max));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> unreadable(MultipartException e) {
        Throwable cause = e.getMostSpecificCause();
        String detail = cause.getClass().getSimpleName().contains("FileName")
                ? "The file name is not acceptable (it contains control characters)."
                : "The upload is not a well-formed multipart/form-data request.";
        return render(ApiException.badRequest("invalid-multipart", detail));
    }

    private static ResponseEntity<ProblemDetail> render(ApiException e) {
        return ResponseEntity.status(e.status()).contentType(Problems.PROBLEM_JSON).body(e.toProblemDetail());
    }
}
