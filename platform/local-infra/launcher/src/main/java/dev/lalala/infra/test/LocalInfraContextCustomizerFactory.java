package dev.lalala.infra.test;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: for a test class carrying {@link LocalInfra} (directly, on a super
 * class or on an enclosing class), starts the infrastructure and adds its endpoints as properties, before the
 * context is created and whatever the order of JUnit extensions.
 */
public final class LocalInfraContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        LocalInfra annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, LocalInfra.class);
        if (annotation == null) {
            return null;
        }
        return new LocalInfraContextCustomizer(List.of(annotation.value()), List.of(annotation.databases()));
    }
}
