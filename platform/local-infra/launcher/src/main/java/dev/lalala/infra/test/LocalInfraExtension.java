package dev.lalala.infra.test;

import java.util.Optional;

import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.MailReader;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts what {@link LocalInfra} asks for before the test class, in the JVM-wide {@link TestInfrastructure}, and
 * injects {@link Infrastructure} (or {@link MailReader}) into test constructors and methods.
 */
public final class LocalInfraExtension implements BeforeAllCallback, ParameterResolver {

    @Override
    public void beforeAll(ExtensionContext context) {
        find(context).ifPresent(TestInfrastructure::require);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == Infrastructure.class || type == MailReader.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        Infrastructure infra = find(extensionContext).map(TestInfrastructure::require).orElseGet(TestInfrastructure::get);
        return parameterContext.getParameter().getType() == MailReader.class ? infra.mail() : infra;
    }

    /** The annotation on the test class, its super classes or, for @Nested classes, the enclosing classes. */
    static Optional<LocalInfra> find(ExtensionContext context) {
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Optional<Class<?>> testClass = c.get().getTestClass();
            if (testClass.isPresent()) {
                for (Class<?> k = testClass.get(); k != null; k = k.getEnclosingClass()) {
                    Optional<LocalInfra> found = AnnotationSupport.findAnnotation(k, LocalInfra.class);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
