package dev.lalala.streaming.blob;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The blob store.
 *
 * @param root where the local filesystem store keeps its blobs (shared with track-service, which writes them)
 */
@ConfigurationProperties("lalala.blobs")
public record BlobStoreProperties(@DefaultValue(".lalala/data/blobs") Path root) {
}
