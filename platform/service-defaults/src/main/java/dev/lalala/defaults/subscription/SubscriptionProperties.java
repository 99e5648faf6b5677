package dev.lalala.defaults.subscription;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How declared subscriptions consume: {@code lalala.subscriptions.*}. */
@ConfigurationProperties("lalala.subscriptions")
public class SubscriptionProperties {

    /** Whether the declared subscriptions consume at all (off: handlers are beans and nothing calls them). */
    private boolean enabled = true;

    /** Consumer threads per group; each is a static member of its own, {@code <instance-id>-<n>} (n from 0). */
    private int concurrency = 1;

    private final Retry retry = new Retry();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public Retry getRetry() {
        return retry;
    }

    /** Exponential back-off between attempts of a failing handler; after the last retry, the dead-letter topic. */
    public static class Retry {

        private Duration initialInterval = Duration.ofMillis(200);
        private double multiplier = 2.0;
        private Duration maxInterval = Duration.ofSeconds(5);
        /** Retries after the first attempt. */
        private int maxRetries = 5;

        public Duration getInitialInterval() {
            return initialInterval;
        }

        public void setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxInterval() {
            return maxInterval;
        }

        public void setMaxInterval(Duration maxInterval) {
            this.maxInterval = maxInterval;
        }

        public int getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
        }
    }
}
