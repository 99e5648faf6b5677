package dev.lalala.streaming.blob;

import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class BlobStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BlobStoreConfiguration.class);

    /**
     * The local filesystem store. Its root is created when missing, so that streaming-service can start before
     * track-service wrote anything; if it cannot be created, health says so.
     */
    @Bean
    LocalBlobStore blobStore(BlobStoreProperties properties) {
        LocalBlobStore store = new LocalBlobStore(properties.root());
        try {
            Files.createDirectories(store.root());
        } catch (IOException e) {
            log.warn("Cannot create the blob root {}: {}", store.root(), e.toString());
        }
        log.info("Blob store: local filesystem at {}", store.root());
        return store;
    }
}
