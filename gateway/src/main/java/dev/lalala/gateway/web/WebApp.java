package dev.lalala.gateway.web;

import java.util.List;
import java.util.function.Function;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the web app (module {@code web}, packaged in the classpath folder {@code lalala-web/}) at "/".
 *
 * <ul>
 *   <li>A file that exists is served as it is. Vite names everything under {@code /assets/} by its content hash,
 *       so those are cached for a year, {@code immutable}; {@code index.html} is {@code no-cache}, so a new
 *       release is picked up at the next navigation.</li>
 *   <li>Any other GET is a client route of the single-page app ({@code /songs/…}, {@code /verify-email?token=…}):
 *       it gets {@code index.html} and the app's router takes over.</li>
 *   <li>The gateway's own paths are never touched: {@code /api/**} goes on to the routes (an unknown one stays a
 *       404 problem), {@code /actuator/**}, Swagger UI and the API docs to their handlers; a missing
 *       {@code /assets/…} file is a 404, never HTML served as a script.</li>
 * </ul>
 *
 * <p>The router function mapping runs before the gateway's route mapping, hence the explicit exclusions.
 */
@Configuration(proxyBeanMethods = false)
public class WebApp {

    /** Where the web module puts the built app on the classpath. */
    public static final String LOCATION = "lalala-web/";

    /** Paths that belong to the gateway, its routes and its docs, never to the app. */
    static final List<String> GATEWAY_PATHS = List.of("/api", "/actuator", "/swagger-ui", "/v3/api-docs", "/webjars");

    static final CacheControl HASHED_ASSET = CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePublic()
            .immutable();
    static final CacheControl ENTRY_POINT = CacheControl.noCache();
    static final CacheControl OTHER_FILE = CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePublic();

    @Bean
    RouterFunction<ServerResponse> webAppRoutes() {
        Resource root = new ClassPathResource(LOCATION);
        Resource index = new ClassPathResource(LOCATION + "index.html");
        Function<ServerRequest, Mono<Resource>> files = RouterFunctions.resourceLookupFunction("/**", root);
        Function<ServerRequest, Mono<Resource>> lookup = request -> {
            String path = request.path();
            if (!isAppRequest(request.method(), path) || !index.exists()) {
                return Mono.empty();
            }
            boolean asset = path.startsWith("/assets/");
            if (path.endsWith("/")) {
                return asset ? Mono.empty() : Mono.just(index);
            }
            return files.apply(request).switchIfEmpty(Mono.defer(() -> asset ? Mono.empty() : Mono.just(index)));
        };
        return RouterFunctions.resources(lookup, WebApp::cacheHeaders);
    }

    static boolean isAppRequest(HttpMethod method, String path) {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            return false;
        }
        for (String prefix : GATEWAY_PATHS) {
            if (path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + ".")
                    || (prefix.equals("/swagger-ui") && path.startsWith(prefix))) {
                return false;
            }
        }
        return true;
    }

    static void cacheHeaders(Resource resource, HttpHeaders headers) {
        String name = resource.getFilename();
        CacheControl cache;
        if ("index.html".equals(name)) {
            cache = ENTRY_POINT;
        } else if (isHashedAsset(resource)) {
            cache = HASHED_ASSET;
        } else {
            cache = OTHER_FILE;
        }
        headers.setCacheControl(cache);
    }

    private static boolean isHashedAsset(Resource resource) {
        try {
            return resource.getURL().toString().contains("/" + LOCATION + "assets/");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
