package dev.lalala.defaults.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.validation.BindingResult;

/** Building blocks shared by the servlet and the reactive problem handlers. */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    /** Gives a problem Spring built a stable LALALA type, and a title if it had none. */
    public static ProblemDetail normalise(ProblemDetail problem, String instance, String traceId) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(ProblemTypes.forStatus(HttpStatusCode.valueOf(problem.getStatus())));
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
        }
        if (problem.getInstance() == null && instance != null) {
            problem.setInstance(URI.create(instance));
        }
        if (traceId != null) {
            problem.setProperty("traceId", traceId);
        }
        return problem;
    }

    public static ProblemDetail validation(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid");
        problem.setType(ProblemTypes.VALIDATION);
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return problem;
    }

    public static ProblemDetail validation(BindingResult result) {
        List<FieldError> errors = new java.util.ArrayList<>();
        result.getFieldErrors().forEach(e -> errors.add(new FieldError(e.getField(), e.getDefaultMessage())));
        result.getGlobalErrors().forEach(e -> errors.add(new FieldError(e.getObjectName(), e.getDefaultMessage())));
        errors.sort(Comparator.comparing(FieldError::field));
        return validation(errors);
    }

    public static ProblemDetail validation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(leaf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return validation(errors);
    }

    /** A method parameter's violation path is "method.arg"; clients know only the argument's name. */
    private static String leaf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.indexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
    }

    /** What to tell a client that sent text where a value of this type belongs. */
    public static String typeMessage(Class<?> requiredType) {
        if (requiredType == null) {
            return "has the wrong format";
        }
        if (requiredType == java.util.UUID.class) {
            return "must be a UUID";
        }
        if (Number.class.isAssignableFrom(requiredType) || requiredType.isPrimitive()) {
            return "must be a number";
        }
        if (requiredType.isEnum()) {
            return "must be one of " + java.util.Arrays.toString(requiredType.getEnumConstants());
        }
        return "must be a valid " + requiredType.getSimpleName();
    }

    public static ProblemDetail internal() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. The traceId tells our engineers where to look.");
        problem.setType(ProblemTypes.INTERNAL);
        problem.setTitle("Internal error");
        return problem;
    }
}
