package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gateway is Reactor Netty all the way: no servlet API, no Tomcat, no Jetty, no Undertow on its classpath. */
class NoServletStackTest {

    @ParameterizedTest
    @ValueSource(strings = {"jakarta.servlet.Servlet", "org.apache.catalina.startup.Tomcat",
            "org.eclipse.jetty.server.Server", "io.undertow.Undertow", "org.springframework.web.servlet.DispatcherServlet"})
    void isNotOnTheClasspath(String className) {
        assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
    }
}
