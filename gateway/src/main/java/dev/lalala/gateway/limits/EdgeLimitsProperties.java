package dev.lalala.gateway.limits;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

/**
 * What one client may make the fleet do, enforced at the gateway before a request reaches a service
 * ({@code lalala.gateway.limits.*}): requests per client address on the routes that create accounts, send mail,
 * guess passwords or store files, and the largest request body per route. Rules are keyed by name, so one value can
 * be overridden alone, e.g. {@code lalala.gateway.limits.rate.signup.requests=100}. The rules themselves are in
 * the gateway's application.yml.
 */
@ConfigurationProperties("lalala.gateway.limits")
public class EdgeLimitsProperties {

    /** Token buckets per client address: {@code requests} at once, refilled evenly over {@code period}. */
    private Map<String, Rate> rate = new LinkedHashMap<>();

    /** Addresses tracked at most; past it, full buckets are forgotten first (they hold nothing). */
    private int maxTrackedAddresses = 100_000;

    /** Largest body of any request no {@link #body} rule names: the JSON API's requests are small. */
    private DataSize maxBody = DataSize.ofKilobytes(64);

    /** Larger bodies where files travel: songs, covers, avatars. */
    private Map<String, Body> body = new LinkedHashMap<>();

    public static class Rate {
        private HttpMethod method;
        private String path;
        private int requests;
        private Duration period;

        public Rate() {
        }

        Rate(HttpMethod method, String path, int requests, Duration period) {
            this.method = method;
            this.path = path;
            this.requests = requests;
            this.period = period;
        }

        public HttpMethod getMethod() { return method; }
        public void setMethod(HttpMethod method) { this.method = method; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public int getRequests() { return requests; }
        public void setRequests(int requests) { this.requests = requests; }
        public Duration getPeriod() { return period; }
        public void setPeriod(Duration period) { this.period = period; }
    }

    public static class Body {
        private HttpMethod method;
        private String path;
        private DataSize maxSize;

        public Body() {
        }

        Body(HttpMethod method, String path, DataSize maxSize) {
            this.method = method;
            this.path = path;
            this.maxSize = maxSize;
        }

        public HttpMethod getMethod() { return method; }
        public void setMethod(HttpMethod method) { this.method = method; }
        public String getPath() { return path; }
        public void setPath(String path) { this.path = path; }
        public DataSize getMaxSize() { return maxSize; }
        public void setMaxSize(DataSize maxSize) { this.maxSize = maxSize; }
    }

    public Map<String, Rate> getRate() { return rate; }
    public void setRate(Map<String, Rate> rate) { this.rate = rate; }
    public int getMaxTrackedAddresses() { return maxTrackedAddresses; }
    public void setMaxTrackedAddresses(int v) { this.maxTrackedAddresses = v; }
    public DataSize getMaxBody() { return maxBody; }
    public void setMaxBody(DataSize maxBody) { this.maxBody = maxBody; }
    public Map<String, Body> getBody() { return body; }
    public void setBody(Map<String, Body> body) { this.body = body; }
}
