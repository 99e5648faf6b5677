package dev.lalala.defaults;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A service with a datasource refuses to start without its database password. The services' application.yml has
 * {@code password: ${LALALA_DB_PASSWORD}} with no default (passwords are generated per installation, see
 * docs/operations.md); Spring's binder would pass the unresolved placeholder on as the password and the failure would
 * be a puzzling "Access denied". Checked when the context refreshes, after every initializer (test property sources
 * included) has had its say.
 */
public class RequiredDatabasePassword implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.addBeanFactoryPostProcessor(checkOn(context.getEnvironment()));
    }

    static void check(ConfigurableEnvironment environment) {
        if (environment.getProperty("spring.datasource.url") == null) {
            return;
        }
        String password;
        try {
            password = environment.getProperty("spring.datasource.password");
        } catch (IllegalArgumentException unresolved) {
            password = null;
        }
        if (password == null || password.isBlank() || password.contains("${")) {
            throw new IllegalStateException("No database password: spring.datasource.password is "
                    + (password == null || password.isBlank() ? "not set" : "'" + password + "' (unresolved)")
                    + ". Set LALALA_DB_PASSWORD (or SPRING_DATASOURCE_PASSWORD): `./lalala up` passes the one generated for"
                    + " this service (.lalala/secrets.env, see docs/operations.md).");
        }
    }

    static BeanFactoryPostProcessor checkOn(ConfigurableEnvironment environment) {
        return beanFactory -> check(environment);
    }
}
