package dev.lalala.defaults.security;

import java.util.UUID;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/** {@link Viewer} for WebFlux services: the security context lives in the Reactor context, not the thread. */
public final class ReactiveViewer {

    private ReactiveViewer() {
    }

    /** The caller of the current request; empty when anonymous. */
    public static Mono<UUID> current() {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .flatMap(authentication -> Mono.justOrEmpty(Viewer.of(authentication)));
    }
}
