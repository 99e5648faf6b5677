package dev.lalala.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * LALALA's one public entry point: Spring Cloud Gateway on WebFlux and Reactor Netty. Routes {@code /api/**} to the
 * services (HTTP and WebSocket), validates bearer tokens at the edge, answers CORS, turns unreachable or slow
 * services into problem+json and gathers every service's API docs into one Swagger UI.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
