package dev.lalala.defaults.problem.reactive;

import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.security.revocation.RevokedAccounts;

import dev.lalala.defaults.observability.TraceIds;
import dev.lalala.defaults.problem.ProblemMaps;
import dev.lalala.defaults.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 from reactive security, as problem+json with the Bearer challenge. */
public class ReactiveProblemAuthenticationHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TraceIds traceIds;

    public ReactiveProblemAuthenticationHandlers(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
        boolean hadToken = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
        if (RevokedAccounts.causedByRevocation(e)) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"The account was deleted\"");
            return write(exchange, HttpStatus.UNAUTHORIZED,
                    "This account was deleted; its tokens are no longer accepted.",
                    ProblemTypes.of(RevokedAccounts.PROBLEM_SLUG));
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, hadToken
                ? "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\""
                : "Bearer");
        return write(exchange, HttpStatus.UNAUTHORIZED,
                hadToken ? "The access token is not valid or has expired." : "Log in first.");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return write(exchange, HttpStatus.FORBIDDEN, "You may not do this.");
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        return write(exchange, status, detail, null);
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail, java.net.URI type) {
        ProblemDetail detailed = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            detailed.setType(type);
            detailed.setTitle("Account revoked");
        }
        ProblemDetail problem = Problems.normalise(detailed, exchange.getRequest().getPath().value(), traceId(exchange));
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(Problems.PROBLEM_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(
                JSON.writeValueAsBytes(ProblemMaps.toMap(problem)))));
    }

    private String traceId(ServerWebExchange exchange) {
        Object fromFilter = exchange.getAttribute(TraceIds.EXCHANGE_ATTRIBUTE);
        return fromFilter != null ? fromFilter.toString() : traceIds.current();
    }
}
