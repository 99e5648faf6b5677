package dev.lalala.infra.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.lalala.infra.Component;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextCustomizer;

/** Only the factory (no infrastructure is started here): which classes get a customizer, and cache keys. */
class LocalInfraContextCustomizerFactoryTest {

    private final LocalInfraContextCustomizerFactory factory = new LocalInfraContextCustomizerFactory();

    @LocalInfra(value = {Component.KAFKA, Component.MARIADB}, databases = "auth")
    static class Annotated {
    }

    static class Sub extends Annotated {
    }

    @LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "auth")
    static class SameInfraOtherOrder {
    }

    @LocalInfra(value = Component.MARIADB, databases = "users")
    static class OtherDatabase {
    }

    static class Plain {
    }

    @LocalInfra(Component.NEO4J)
    static class Outer {
        @Nested
        class Inner {
        }
    }

    @Test
    void createsACustomizerForAnnotatedSuperAndEnclosingClassesOnly() {
        assertThat(factory.createContextCustomizer(Annotated.class, List.of())).isNotNull();
        assertThat(factory.createContextCustomizer(Sub.class, List.of())).isNotNull();
        assertThat(factory.createContextCustomizer(Outer.Inner.class, List.of())).isNotNull();
        assertThat(factory.createContextCustomizer(Plain.class, List.of())).isNull();
    }

    @Test
    void equalInfrastructureGivesEqualCacheKeys() {
        ContextCustomizer a = factory.createContextCustomizer(Annotated.class, List.of());
        ContextCustomizer sub = factory.createContextCustomizer(Sub.class, List.of());
        ContextCustomizer reordered = factory.createContextCustomizer(SameInfraOtherOrder.class, List.of());
        ContextCustomizer other = factory.createContextCustomizer(OtherDatabase.class, List.of());
        assertThat(a).isEqualTo(sub).isEqualTo(reordered).hasSameHashCodeAs(reordered);
        assertThat(a).isNotEqualTo(other);
    }

    @Test
    void mariadbWithoutDatabasesGetsADefaultOne() {
        assertThat(TestInfrastructure.effectiveDatabases(List.of(Component.MARIADB), List.of())).containsExactly("lalala");
        assertThat(TestInfrastructure.effectiveDatabases(List.of(Component.KAFKA), List.of())).isEmpty();
    }
}
