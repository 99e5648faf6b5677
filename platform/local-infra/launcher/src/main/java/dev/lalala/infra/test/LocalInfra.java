package dev.lalala.infra.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.lalala.infra.Component;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against real infrastructure: the listed components are started (once per test JVM, shared
 * by every test class, on random ports, data under {@code target/local-infra-*}) before the class runs.
 * <p>
 * Spring tests get the endpoints as properties automatically ({@code spring.kafka.bootstrap-servers},
 * {@code spring.datasource.*} for the first database, {@code spring.neo4j.*}, {@code spring.elasticsearch.uris},
 * {@code spring.mail.host/port}, {@code lalala.infra.*}); plain tests get {@link dev.lalala.infra.Infrastructure}
 * as a parameter or from {@link TestInfrastructure#get()}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@Documented
@ExtendWith(LocalInfraExtension.class)
public @interface LocalInfra {

    /** The components this test needs. */
    Component[] value();

    /**
     * MariaDB databases to create, each with its own user; the FIRST one is bound to {@code spring.datasource.*}.
     * With {@link Component#MARIADB} and no database, a database named {@code lalala} is created and bound.
     */
    String[] databases() default {};
}
