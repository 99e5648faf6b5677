package dev.lalala.defaults.testapp.servlet;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A minimal Spring MVC service built on the defaults, as every real service is. */
@SpringBootApplication
public class ServletTestApp {

    public record NewThing(@NotBlank String title, @Size(max = 3) List<String> tags) {
    }

    @RestController
    static class Things {

        @GetMapping("/api/public/things/{id}")
        Map<String, Object> thing(@PathVariable String id) {
            throw ApiException.notFound("thing", id);
        }

        @PostMapping("/api/public/things")
        Map<String, Object> create(@Valid @RequestBody NewThing thing) {
            return Map.of("title", thing.title());
        }

        @GetMapping("/api/public/page")
        Map<String, Object> page(@RequestParam @Max(100) int size) {
            return Map.of("size", size);
        }

        @GetMapping("/api/public/boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("secret internal detail: password=hunter2");
        }

        @GetMapping("/api/public/slow-down")
        Map<String, Object> slowDown() {
            throw ApiException.tooManyRequests("Too many attempts.", 42);
        }

        @GetMapping("/api/public/typed/{id}")
        Map<String, Object> typed(@PathVariable java.util.UUID id) {
            return Map.of("id", id.toString());
        }

        @GetMapping("/api/me")
        Map<String, Object> me(@AuthenticationPrincipal Jwt jwt) {
            return Map.of("id", CurrentUser.of(jwt).id().toString());
        }
    }
}
