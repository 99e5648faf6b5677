package dev.lalala.defaults.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Tells the caller which trace its request was, so a user's bug report can be found in the logs. Runs right
 * after the observation filter that starts the server span.
 */
public class ServletTraceIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = ServerHttpObservationFilter.findObservationContext(request)
                .map(ObservationTraceIds::of)
                .orElse(null);
        if (traceId != null) {
            response.setHeader(TraceIds.HEADER, traceId);
        }
        chain.doFilter(request, response);
    }
}
