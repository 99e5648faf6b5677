package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.support.RawHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.web.server.WebFilter;

/**
 * Two gateways on one port with {@code lalala.gateway.reuse-port=true}, as {@code ./lalala up --gateway-instances 2}
 * runs them (there as two processes; here two application contexts in one JVM, which the kernel treats alike: two
 * listening sockets with SO_REUSEPORT on the same port). Both start, and new connections reach both. Each context
 * marks its answers with a header that only this test adds.
 */
class ReusePortIT {

    private static final Pattern SERVED_BY = Pattern.compile("(?im)^X-Test-Served-By: (\\S+)\\s*$");

    private final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    @AfterEach
    void close() {
        gateways.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoGatewaysShareOnePortAndBothServe() throws IOException {
        int port = freePort();
        gateways.add(start("one", port));
        gateways.add(start("two", port));

        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            // A new connection each time: the kernel spreads connections, not requests.
            String response = RawHttp.exchange(port, "GET /actuator/health/liveness HTTP/1.1", "Host: 127.0.0.1",
                    "Connection: close");
            assertThat(response).startsWith("HTTP/1.1 200");
            Matcher m = SERVED_BY.matcher(response);
            assertThat(m.find()).as("marked by one of the gateways: %s", response).isTrue();
            served.merge(m.group(1), 1, Integer::sum);
        }
        assertThat(served).as("connections per gateway").containsOnlyKeys("one", "two");
    }

    private static ConfigurableApplicationContext start(String name, int port) {
        // Command-line arguments: they win over application.yml (default properties would not).
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--lalala.gateway.reuse-port=true",
                "--spring.main.banner-mode=off", "--lalala.security.jwk-set-uri=http://127.0.0.1:9/jwks.json"));
        // Nothing behind it (port 9, discard): the test asks the gateway itself only.
        for (String key : List.of("auth", "user", "feed", "track", "streaming", "chat", "search", "playlist")) {
            args.add("--lalala.services." + key + ".uri=http://127.0.0.1:9");
        }
        return new SpringApplicationBuilder(GatewayApplication.class).initializers(context -> {
            GenericApplicationContext gateway = (GenericApplicationContext) context;
            gateway.registerBean("servedBy", WebFilter.class, () -> (exchange, chain) -> {
                exchange.getResponse().getHeaders().set("X-Test-Served-By", name);
                return chain.filter(exchange);
            });
            // Event loops of its own: closing a context on Reactor Netty's global resources disposes them, and with
            // them the shared gateway context the other integration tests of this JVM run on.
            gateway.registerBean(ReactorResourceFactory.class, () -> {
                ReactorResourceFactory resources = new ReactorResourceFactory();
                resources.setUseGlobalResources(false);
                return resources;
            });
        }).run(args.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
