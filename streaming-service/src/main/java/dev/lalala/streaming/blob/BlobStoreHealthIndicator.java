package dev.lalala.streaming.blob;

import dev.lalala.blob.BlobStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * The blob store in health and readiness (as {@code blobStore}): UP while its folder can be read or its bucket
 * answers. Blocking: the actuator runs it off the event loop.
 */
@Component("blobStoreHealthIndicator")
public class BlobStoreHealthIndicator extends AbstractHealthIndicator {

    private final BlobStore store;

    public BlobStoreHealthIndicator(BlobStore store) {
        super("The blob store cannot be checked");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            store.check();
            builder.up();
        } catch (Exception e) {
            builder.down().withDetail("problem", e.getMessage());
        }
        builder.withDetail("location", store.location());
    }
}
