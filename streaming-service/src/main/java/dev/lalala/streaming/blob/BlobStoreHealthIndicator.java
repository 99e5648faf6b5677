package dev.lalala.streaming.blob;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** The blob store in health and readiness (as {@code blobStore}): UP while its root can be read. */
@Component("blobStoreHealthIndicator")
public class BlobStoreHealthIndicator extends AbstractHealthIndicator {

    private final BlobStore store;

    public BlobStoreHealthIndicator(BlobStore store) {
        super("The blob store cannot be checked");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BlobStore.Status status = store.status();
        if (status.readable()) {
            builder.up();
        } else {
            builder.down().withDetail("problem", status.problem());
        }
        builder.withDetail("location", status.location());
    }
}
