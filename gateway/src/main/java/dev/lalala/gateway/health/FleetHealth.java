package dev.lalala.gateway.health;

import dev.lalala.gateway.routing.DownstreamServices;
import dev.lalala.gateway.routing.EdgeProperties;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The {@code downstream} health contributor: one readiness check per service, named after the service. Only the
 * {@code fleet} group includes it ({@code /actuator/health/fleet}); liveness and readiness do not.
 */
@Configuration(proxyBeanMethods = false)
public class FleetHealth {

    /** Health contributor name; the bean name minus "HealthContributor". */
    public static final String CONTRIBUTOR = "downstream";

    @Bean
    CompositeReactiveHealthContributor downstreamHealthContributor(DownstreamServices services, EdgeProperties edge) {
        EdgeProperties.FleetHealth settings = edge.getFleetHealth();
        // Its own small pool: health checks never wait behind proxied traffic, nor hold its connections.
        HttpClient http = HttpClient.create(ConnectionProvider.builder("fleet-health").maxConnections(16)
                        .maxIdleTime(Duration.ofSeconds(20)).build())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.getTimeout().toMillis())
                .responseTimeout(settings.getTimeout());
        Map<String, ReactiveHealthContributor> checks = new LinkedHashMap<>();
        for (DownstreamServices.Service service : services.all()) {
            if (service.isHealth()) {
                URI probe = URI.create(stripSlash(service.getUri().toString()) + settings.getPath());
                checks.put(service.name(),
                        new ServiceReadinessIndicator(service.name(), probe, settings.getTimeout(), http));
            }
        }
        return CompositeReactiveHealthContributor.fromMap(checks);
    }

    private static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
