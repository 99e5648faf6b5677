package dev.lalala.defaults.problem.reactive;

import dev.lalala.defaults.observability.TraceIds;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import dev.lalala.defaults.problem.Problems;
import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/** Every controller error of a reactive service as RFC 9457 problem+json with a stable type. */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 10)
public class ReactiveProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ReactiveProblemAdvice.class);

    private final TraceIds traceIds;

    public ReactiveProblemAdvice(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @ExceptionHandler(ApiException.class)
    Mono<ResponseEntity<Object>> api(ApiException e, ServerWebExchange exchange) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status()).contentType(Problems.PROBLEM_JSON);
        Object retryAfter = e.properties().get("retryAfterSeconds");
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return Mono.just(response.body(finish(e.toProblemDetail(), exchange)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    Mono<ResponseEntity<Object>> constraintViolation(ConstraintViolationException e, ServerWebExchange exchange) {
        return problem(Problems.validation(e), exchange);
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> unexpected(Exception e, ServerWebExchange exchange) {
        log.error("Unhandled error on {}", exchange.getRequest().getPath(), e);
        return problem(Problems.internal(), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        return problem(Problems.validation(ex.getBindingResult()), exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status,
            ServerWebExchange exchange) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error ->
                errors.add(new FieldError(result.getMethodParameter().getParameterName(), error.getDefaultMessage()))));
        errors.sort(Comparator.comparing(FieldError::field));
        return problem(Problems.validation(errors), exchange);
    }

    /** A path or query parameter of the wrong type (say, not a UUID) is a validation error naming that parameter. */
    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (ex.getCause() instanceof TypeMismatchException mismatch && ex.getMethodParameter() != null) {
            String field = ex.getMethodParameter().getParameterName();
            return problem(Problems.validation(List.of(new FieldError(field == null ? "parameter" : field,
                    Problems.typeMessage(mismatch.getRequiredType())))), exchange);
        }
        return super.handleServerWebInputException(ex, headers, status, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail problem = body instanceof ProblemDetail pd
                ? pd
                : ProblemDetail.forStatusAndDetail(status, ex.getMessage());
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        out.setContentType(Problems.PROBLEM_JSON);
        return Mono.just(ResponseEntity.status(status).headers(out).body(finish(problem, exchange)));
    }

    private Mono<ResponseEntity<Object>> problem(ProblemDetail problem, ServerWebExchange exchange) {
        return Mono.just(ResponseEntity.status(problem.getStatus())
                .contentType(Problems.PROBLEM_JSON)
                .body(finish(problem, exchange)));
    }

    private ProblemDetail finish(ProblemDetail problem, ServerWebExchange exchange) {
        return Problems.normalise(problem, exchange.getRequest().getPath().value(), traceId(exchange));
    }

    private String traceId(ServerWebExchange exchange) {
        Object fromFilter = exchange.getAttribute(TraceIds.EXCHANGE_ATTRIBUTE);
        return fromFilter != null ? fromFilter.toString() : traceIds.current();
    }
}
