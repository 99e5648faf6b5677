package dev.lalala.gateway.routing;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

/** What went wrong between the gateway and a service, and the problem the client gets for it. */
public final class DownstreamFailures {

    /** How a call to a service failed, as far as its circuit breaker and the client are concerned. */
    public enum Kind {
        /** Nothing listens, the host does not resolve, or the connection broke before a response: 503. */
        UNAVAILABLE,
        /** The service did not answer in time: 504. */
        TIMEOUT
    }

    private DownstreamFailures() {
    }

    /** The kind of a failure, or null when it is not the service's fault (client gone, gateway bug). */
    public static Kind classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504
                    || t instanceof TimeoutException
                    || t instanceof io.netty.handler.timeout.TimeoutException) {
                return Kind.TIMEOUT;
            }
            if (t instanceof ConnectException // includes Netty's AnnotatedConnectException and ConnectTimeoutException
                    || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t instanceof PrematureCloseException
                    || t instanceof ClosedChannelException) {
                return Kind.UNAVAILABLE;
            }
        }
        return null;
    }

    public static ApiException unavailable(String service) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                "Service unavailable", service + " is not available right now")
                .with("service", service);
    }

    public static ApiException timeout(String service, Duration timeout) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, ProblemTypes.GATEWAY_TIMEOUT, "Gateway timeout",
                service + " did not answer within " + human(timeout))
                .with("service", service);
    }

    public static ApiException problem(Kind kind, String service, Duration timeout) {
        return kind == Kind.TIMEOUT ? timeout(service, timeout) : unavailable(service);
    }

    static String human(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + " ms";
        }
        long s = d.toSeconds();
        if (s % 60 == 0 && s >= 60) {
            return (s / 60) + " min";
        }
        return s + " s";
    }
}
