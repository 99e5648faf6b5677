package dev.lalala.infra.test;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.lalala.infra.Component;
import dev.lalala.infra.Infrastructure;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Adds the endpoints of the requested components as a property source named {@value #PROPERTY_SOURCE_NAME}, just
 * below the test's inlined properties ({@code @SpringBootTest(properties=...)}, {@code @TestPropertySource}), which
 * can therefore override them. Equal for equal components and databases, so Spring reuses cached contexts.
 */
final class LocalInfraContextCustomizer implements ContextCustomizer {

    static final String PROPERTY_SOURCE_NAME = "lalalaLocalInfra";

    private final Set<Component> components;
    private final List<String> databases;

    LocalInfraContextCustomizer(List<Component> components, List<String> databases) {
        this.components = components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components);
        this.databases = List.copyOf(databases);
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Infrastructure infra = TestInfrastructure.require(components, databases);
        List<String> dbs = TestInfrastructure.effectiveDatabases(components, databases);
        Map<String, Object> properties = new LinkedHashMap<>(infra.springProperties(components, dbs));
        ConfigurableEnvironment environment = context.getEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        MapPropertySource source = new MapPropertySource(PROPERTY_SOURCE_NAME, properties);
        sources.remove(PROPERTY_SOURCE_NAME);
        if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, source);
        } else {
            sources.addFirst(source);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalInfraContextCustomizer other && components.equals(other.components)
                && databases.equals(other.databases);
    }

    @Override
    public int hashCode() {
        return Objects.hash(components, databases);
    }

    @Override
    public String toString() {
        return "LocalInfraContextCustomizer" + components + databases;
    }
}
