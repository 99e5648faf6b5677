package dev.lalala.playlist.track;

import dev.lalala.playlist.PlaylistProperties;
import feign.Request;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Feign's timeouts towards track-service, from {@code lalala.playlist.track-service.*}. */
@Configuration(proxyBeanMethods = false)
class TrackCatalogConfiguration {

    @Bean
    Request.Options trackServiceTimeouts(PlaylistProperties properties) {
        PlaylistProperties.TrackService settings = properties.trackService();
        return new Request.Options(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS,
                settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS, true);
    }
}
