package dev.lalala.defaults.problem.servlet;

import dev.lalala.defaults.observability.TraceIds;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (a filter threw, the container refused the request) end at /error;
 * they too answer as problem+json instead of Boot's own error JSON or a whitelabel page.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final TraceIds traceIds;

    public ProblemErrorController(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ProblemDetail problem;
        if (thrown instanceof ApiException api) {
            problem = api.toProblemDetail();
        } else {
            HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                    ? HttpStatus.valueOf(i)
                    : HttpStatus.INTERNAL_SERVER_ERROR;
            problem = status.is5xxServerError()
                    ? Problems.internal()
                    : ProblemDetail.forStatusAndDetail(status, status.getReasonPhrase());
            problem.setStatus(status);
        }
        Problems.normalise(problem, uri == null ? null : uri.toString(), traceIds.current());
        return ResponseEntity.status(problem.getStatus()).contentType(Problems.PROBLEM_JSON).body(problem);
    }
}
