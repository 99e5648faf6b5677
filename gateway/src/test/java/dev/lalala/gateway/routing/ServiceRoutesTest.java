package dev.lalala.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ServiceRoutesTest {

    @Test
    void aServiceIsNamedAfterItsKeyUnlessNamed() {
        DownstreamServices services = new DownstreamServices();
        services.getServices().put("track", service("http://localhost:8084"));
        DownstreamServices.Service other = service("http://localhost:9000");
        other.setName("legacy");
        services.getServices().put("old", other);
        assertThat(services.all()).extracting(DownstreamServices.Service::name)
                .containsExactly("track-service", "legacy");
    }

    @Test
    void aServiceWithoutUriFailsFast() {
        DownstreamServices services = new DownstreamServices();
        services.getServices().put("track", new DownstreamServices.Service());
        assertThatThrownBy(services::all).hasMessageContaining("lalala.services.track.uri");
    }

    @Test
    void webSocketRoutesUseWsSchemes() {
        assertThat(service("http://streaming-service:8085").websocketUri())
                .isEqualTo(URI.create("ws://streaming-service:8085"));
        assertThat(service("https://streaming.example:443/base").websocketUri())
                .isEqualTo(URI.create("wss://streaming.example:443/base"));
    }

    @Test
    void apiDocsAreServedUnderTheFullAndTheShortName() {
        DownstreamServices services = new DownstreamServices();
        services.getServices().put("track", service("http://localhost:8084"));
        assertThat(ServiceRoutes.apiDocsPaths(services.all().get(0)))
                .containsExactly("/v3/api-docs/track-service", "/v3/api-docs/track");
    }

    @Test
    void timeoutOverridesGetReadableRouteIds() {
        DownstreamServices.RouteTimeout upload = new DownstreamServices.RouteTimeout();
        upload.setMethod(HttpMethod.POST);
        upload.setPath("/api/tracks");
        upload.setResponseTimeout(Duration.ofMinutes(10));
        assertThat(ServiceRoutes.overrideId("track-service", upload)).isEqualTo("track-service-post-api-tracks");
        upload.setMethod(null);
        upload.setPath("/api/tracks/*/cover/**");
        assertThat(ServiceRoutes.overrideId("track-service", upload)).isEqualTo("track-service-any-api-tracks-cover");
    }

    private static DownstreamServices.Service service(String uri) {
        DownstreamServices.Service service = new DownstreamServices.Service();
        service.setUri(URI.create(uri));
        service.setPaths(List.of("/api/x/**"));
        return service;
    }
}
