package dev.lalala.blob;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The {@link BlobStore} that {@code lalala.blob.store} names, unless the application defines its own. */
@AutoConfiguration
@EnableConfigurationProperties(BlobStoreProperties.class)
public class BlobStoreAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BlobStoreAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(BlobStore.class)
    public BlobStore blobStore(BlobStoreProperties properties) throws IOException {
        BlobStore store = switch (properties.store()) {
            case FILESYSTEM -> new FilesystemBlobStore(properties.filesystem().root());
            case S3 -> S3BlobStore.create(properties.s3());
        };
        log.info("Blob store: {} ({})", properties.store().name().toLowerCase(java.util.Locale.ROOT), store.location());
        return store;
    }
}
