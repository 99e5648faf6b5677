package dev.lalala.playlist.track;

import java.util.UUID;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * track-service's song endpoint, through OpenFeign. The caller's token is passed on, so that an owner may add their
 * own private song and nobody else can. Timeouts: {@code spring.cloud.openfeign.client.config.track-service.*}.
 */
@FeignClient(name = "track-service", url = "${lalala.playlist.track-service.url:http://127.0.0.1:8084}")
interface TrackCatalogClient {

    @GetMapping(path = "/api/tracks/{id}", produces = "application/json")
    TrackCard track(@PathVariable("id") UUID id, @RequestHeader("Authorization") String authorization);
}
