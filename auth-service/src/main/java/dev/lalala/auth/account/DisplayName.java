package dev.lalala.auth.account;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A display name as user-service's profile accepts it ({@code ProfileChanges}): once stripped, 1 to 50 characters
 * (code points) on one line, no control characters. Checked at sign-up so the profile gets exactly the name given.
 * Null is left to {@code @NotNull}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DisplayName.Validator.class)
public @interface DisplayName {

    int MAX = 50;

    String message() default "must be 1 to 50 characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<DisplayName, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            String problem = value == null ? null : problem(value);
            if (problem != null) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            }
            return problem == null;
        }

        /** Why the name is refused, or null when it is fine. */
        static String problem(String name) {
            String stripped = name.strip();
            int length = stripped.codePointCount(0, stripped.length());
            if (length < 1 || length > MAX) {
                return "must be 1 to " + MAX + " characters";
            }
            // No line breaks (including U+2028/2029 and NEL) and no other control characters.
            if (stripped.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL
                    || c == '\u2028' || c == '\u2029')) {
                return "must be one line without control characters";
            }
            return null;
        }
    }
}
