package dev.lalala.defaults.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

@ConfigurationProperties("lalala.outbox")
public class OutboxProperties {

    /** Whether this service has an outbox (a relational database and Kafka). */
    private boolean enabled = true;

    /** How often the relay looks for events it was not woken for (after a crash, or while Kafka was away). */
    private Duration pollInterval = Duration.ofMillis(500);

    /** How many events one relay round publishes at most. */
    private int batchSize = 200;

    /** How long to wait for Kafka to acknowledge a batch before trying again later. */
    private Duration sendTimeout = Duration.ofSeconds(10);

    /** Published events are kept this long (for inspection and replay), then deleted. */
    private Duration retention = Duration.ofDays(7);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        this.retention = retention;
    }
}
