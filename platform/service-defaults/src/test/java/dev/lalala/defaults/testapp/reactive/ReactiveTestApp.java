package dev.lalala.defaults.testapp.reactive;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;

/** A minimal WebFlux service built on the defaults, like streaming-service and chat-service. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReactiveTestApp.Things.class)
public class ReactiveTestApp {

    @RestController
    static class Things {

        @GetMapping("/api/public/things/{id}")
        Mono<Map<String, Object>> thing(@PathVariable String id) {
            return Mono.error(ApiException.notFound("thing", id));
        }

        @PostMapping("/api/public/things")
        Mono<Map<String, Object>> create(@Valid @RequestBody dev.lalala.defaults.testapp.servlet.ServletTestApp.NewThing thing) {
            return Mono.just(Map.of("title", thing.title()));
        }

        @GetMapping("/api/public/boom")
        Mono<Map<String, Object>> boom() {
            return Mono.error(new IllegalStateException("secret internal detail: password=hunter2"));
        }

        @GetMapping("/api/public/typed/{id}")
        Mono<Map<String, Object>> typed(@PathVariable java.util.UUID id) {
            return Mono.just(Map.of("id", id.toString()));
        }

        @GetMapping("/api/me")
        Mono<Map<String, Object>> me(@AuthenticationPrincipal Jwt jwt) {
            return Mono.just(Map.of("id", CurrentUser.of(jwt).id().toString()));
        }
    }
}
