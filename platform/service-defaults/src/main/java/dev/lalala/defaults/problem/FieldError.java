package dev.lalala.defaults.problem;

/** One invalid field of a request, listed in a validation problem's {@code errors}. */
public record FieldError(String field, String message) {
}
