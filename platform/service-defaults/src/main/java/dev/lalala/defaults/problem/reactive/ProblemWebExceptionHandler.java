package dev.lalala.defaults.problem.reactive;

import dev.lalala.defaults.observability.TraceIds;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemMaps;
import dev.lalala.defaults.problem.Problems;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors that no controller advice saw (no route matched, a filter failed, the gateway could not reach a
 * service) as problem+json. Registered ahead of Boot's DefaultErrorWebExceptionHandler.
 */
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    /** Boot's own handler is at -1; run before it. */
    public static final int ORDER = -2;

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TraceIds traceIds;

    public ProblemWebExceptionHandler(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        ProblemDetail problem = toProblem(ex);
        Problems.normalise(problem, exchange.getRequest().getPath().value(), traceId(exchange));
        HttpHeaders extra = ex instanceof ErrorResponse er ? er.getHeaders() : HttpHeaders.EMPTY;
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        response.getHeaders().putAll(extra);
        response.getHeaders().setContentType(Problems.PROBLEM_JSON);
        byte[] body = JSON.writeValueAsBytes(ProblemMaps.toMap(problem));
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private ProblemDetail toProblem(Throwable ex) {
        if (ex instanceof ApiException api) {
            return api.toProblemDetail();
        }
        if (ex instanceof ErrorResponse errorResponse) {
            ProblemDetail body = errorResponse.getBody();
            if (errorResponse.getStatusCode().is5xxServerError()
                    && errorResponse.getStatusCode().value() != 503
                    && errorResponse.getStatusCode().value() != 504) {
                log.error("Server error", ex);
            }
            return body;
        }
        if (ex instanceof ConnectException || ex.getCause() instanceof ConnectException) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "A service needed for this request is not reachable. Try again shortly.");
        }
        if (ex instanceof TimeoutException) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
                    "A service needed for this request did not answer in time.");
        }
        log.error("Unhandled error", ex);
        return Problems.internal();
    }

    private String traceId(ServerWebExchange exchange) {
        Object fromFilter = exchange.getAttribute(TraceIds.EXCHANGE_ATTRIBUTE);
        return fromFilter != null ? fromFilter.toString() : traceIds.current();
    }
}
