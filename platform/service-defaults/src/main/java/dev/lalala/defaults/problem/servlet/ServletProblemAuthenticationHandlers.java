package dev.lalala.defaults.problem.servlet;

import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.security.revocation.RevokedAccounts;

import dev.lalala.defaults.observability.TraceIds;
import dev.lalala.defaults.problem.ProblemMaps;
import dev.lalala.defaults.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 from the security filters, as problem+json with the Bearer challenge RFC 6750 asks for. */
public class ServletProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String REVOKED_DETAIL = "This account was deleted; its tokens are no longer accepted.";

    private final TraceIds traceIds;

    public ServletProblemAuthenticationHandlers(TraceIds traceIds) {
        this.traceIds = traceIds;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean hadToken = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        if (RevokedAccounts.causedByRevocation(e)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"invalid_token\", error_description=\"The account was deleted\"");
            write(response, HttpStatus.UNAUTHORIZED, REVOKED_DETAIL, request, ProblemTypes.of(RevokedAccounts.PROBLEM_SLUG));
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, hadToken
                ? "Bearer error=\"invalid_token\", error_description=\"The access token is not valid\""
                : "Bearer");
        write(response, HttpStatus.UNAUTHORIZED,
                hadToken ? "The access token is not valid or has expired." : "Log in first.", request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, "You may not do this.", request);
    }

    private void write(HttpServletResponse response, HttpStatus status, String detail, HttpServletRequest request)
            throws IOException {
        write(response, status, detail, request, null);
    }

    private void write(HttpServletResponse response, HttpStatus status, String detail, HttpServletRequest request,
            java.net.URI type) throws IOException {
        ProblemDetail detailed = ProblemDetail.forStatusAndDetail(status, detail);
        if (type != null) {
            detailed.setType(type);
            detailed.setTitle("Account revoked");
        }
        ProblemDetail problem = Problems.normalise(detailed, request.getRequestURI(), traceIds.current());
        response.setStatus(status.value());
        response.setContentType(Problems.PROBLEM_JSON.toString());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(ProblemMaps.toMap(problem)));
    }
}
